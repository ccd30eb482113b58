import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import { visibleFields, visibleSteps } from '@/domain/applications/validation'
import type { ServiceId } from '@/domain/catalogue'
import type { ContactChannel } from '@/domain/contact'
import type { Locale } from '@/domain/locales'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import en from '@/i18n/locales/en.json'
import fa from '@/i18n/locales/fa.json'
import ru from '@/i18n/locales/ru.json'
import tr from '@/i18n/locales/tr.json'
import uk from '@/i18n/locales/uk.json'
import { makePhotoJpeg } from './syntheticPhoto'

// Filling in applications, capturing their documents and booking the way a person does, for the
// browser tests, in whichever language the page speaks: every label comes from that locale's messages.

export type Messages = typeof de

/** Every applicant locale's messages (the key-parity test keeps them the same shape as German). */
export const messagesOf: Record<Locale, Messages> = { de, en, ar, tr, uk, ru, fa }

/** Called on each screen the flow reaches, e.g. to run axe there. */
export type OnScreen = (screen: string) => Promise<void>

export interface FlowOptions {
  /** The messages of the language the page is in (German unless given). */
  messages?: Messages
  onScreen?: OnScreen
}

/** Types one answer the way a person would: by the control the field renders. */
export async function answer(page: Page, name: string, value: string | boolean) {
  const control = page.locator(`#field-${name}`)
  const tag = await control.evaluate((element) => element.tagName.toLowerCase())
  if (tag === 'fieldset') await control.locator(`input[value="${String(value)}"]`).check()
  else if (tag === 'select') await control.selectOption(String(value))
  else if (typeof value === 'boolean') await control.setChecked(value)
  else await control.fill(value)
}

export async function expectAnswer(page: Page, name: string, value: string | boolean) {
  const control = page.locator(`#field-${name}`)
  const tag = await control.evaluate((element) => element.tagName.toLowerCase())
  if (tag === 'fieldset') expect(await control.locator(`input[value="${String(value)}"]`).isChecked()).toBe(true)
  else if (typeof value === 'boolean') expect(await control.isChecked()).toBe(value)
  else expect(await control.inputValue()).toBe(String(value))
}

/** Answers every visible field of the step on screen. */
export async function fillStep(page: Page, serviceId: ServiceId, stepId: string, answers: Answers) {
  const step = applicationForms[serviceId].steps.find((candidate) => candidate.id === stepId)
  if (!step) throw new Error(`No step ${stepId}`)
  for (const field of visibleFields(step, answers)) {
    const value = answers[field.name]
    if (value !== undefined) await answer(page, field.name, value)
  }
}

export async function expectStepAnswers(page: Page, serviceId: ServiceId, stepId: string, answers: Answers) {
  const step = applicationForms[serviceId].steps.find((candidate) => candidate.id === stepId)
  for (const field of step ? visibleFields(step, answers) : []) {
    const value = answers[field.name]
    if (value !== undefined) await expectAnswer(page, field.name, value)
  }
}

/** Starts an application and answers every step (on whatever connection the page has). */
export async function fillApplication(page: Page, baseUrl: string, serviceId: ServiceId, answers: Answers, { messages = de, onScreen }: FlowOptions = {}): Promise<string> {
  await page.goto(`${baseUrl}/apply/${serviceId}`)
  const begin = page.getByRole('button', { name: messages.start.begin, exact: true })
  await begin.waitFor()
  await onScreen?.('start')
  await begin.click()
  for (const step of visibleSteps(applicationForms[serviceId], answers)) {
    await page.waitForURL((url) => url.pathname.endsWith(`/${step.id}`))
    await fillStep(page, serviceId, step.id, answers)
    await onScreen?.(`step ${step.id}`)
    await page.locator('form button[type="submit"]').click()
  }
  await page.waitForURL((url) => url.pathname.endsWith('/documents'))
  return new URL(page.url()).pathname.split('/').at(-2) ?? ''
}

/** Photographs one page for every required document on the documents step (but those left out); returns how many. */
export async function captureRequiredDocuments(page: Page, serviceId: ServiceId, answers: Answers, leftOut: readonly string[] = []): Promise<number> {
  const required = deriveChecklist(applicationForms[serviceId], answers).filter((item) => item.required && !leftOut.includes(item.id))
  for (const [index, item] of required.entries()) {
    const photo = await makePhotoJpeg(page, 1400 + index * 10, 1000)
    const slot = page.locator(`section[data-checklist-item="${item.id}"]`)
    await slot.getByTestId('photo-input').setInputFiles({ name: `${item.id}.jpg`, mimeType: 'image/jpeg', buffer: photo })
    await slot.locator('li[data-page-id]').waitFor()
  }
  return required.length
}

/** From the documents step through the review to the receipt, online, and to it again with its status; returns the receipt. */
export async function submitApplication(page: Page, { messages = de, onScreen }: FlowOptions = {}) {
  await onScreen?.('documents')
  await page.getByRole('button', { name: messages.draft.toReview, exact: true }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/review'))
  await onScreen?.('review')
  await page.getByRole('button', { name: messages.review.submit, exact: true }).click()
  const receipt = page.getByTestId('receipt')
  await receipt.waitFor({ timeout: 60_000 })
  await onScreen?.('receipt')
  // The status is fetched when the screen opens: as the applicant finds the receipt on coming back.
  await page.reload()
  await receipt.getByTestId('status-timeline').waitFor()
  await onScreen?.('receipt with its status')
  return receipt
}

// One active booking per topic: each channel is booked for another matter.
const topicOfChannel: Record<ContactChannel, string> = { 'in-person': 'submission', phone: 'advice', written: 'general' }

/**
 * From the home screen's channel card to the confirmation of a booking (or, written, of a sent
 * message); returns the confirmation. `slot` picks which offered slot: flows that may run at the same
 * time take different ones, so none is refused a slot another just took.
 */
export async function bookChannel(page: Page, baseUrl: string, channel: ContactChannel, { messages = de, onScreen, slot = 0 }: FlowOptions & { slot?: number } = {}) {
  await page.goto(baseUrl)
  await page.locator(`[data-channel="${channel}"]`).getByRole('link', { name: messages.booking.choose }).click()
  await page.getByRole('heading', { level: 1, name: messages.booking.channel[channel] }).waitFor()
  await page.getByLabel(messages.booking.topicLabel).selectOption(topicOfChannel[channel])
  if (channel === 'written') {
    await page.getByLabel(messages.booking.messageLabel).fill('Wie lange dauert die Bearbeitung meines Antrags?')
    await page.getByLabel(messages.booking.replyRoutes.email, { exact: true }).check()
    await page.getByLabel(messages.booking.emailLabel).fill('lina@example.org')
  } else {
    // The form shows one day's times: the n-th slot is counted over the days, so each n is another slot.
    const days = page.getByLabel(messages.booking.dayLabel, { exact: true })
    await page.locator('fieldset').getByRole('radio').first().waitFor()
    const dayCount = await days.locator('option').count()
    await days.selectOption({ index: slot % dayCount })
    await page.locator('fieldset').getByRole('radio').nth(Math.floor(slot / dayCount)).check()
    if (channel === 'phone') await page.getByLabel(messages.booking.phoneLabel).fill('+49 345 1234567')
  }
  await onScreen?.(`${channel} form`)
  await page.getByRole('button', { name: channel === 'written' ? messages.booking.send : messages.booking.book, exact: true }).click()
  const confirmation = page.getByTestId('booking-confirmation')
  await confirmation.waitFor()
  await onScreen?.(`${channel} confirmation`)
  return confirmation
}
