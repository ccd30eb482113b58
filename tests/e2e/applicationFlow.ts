import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import { visibleFields, visibleSteps } from '@/domain/applications/validation'
import type { ServiceId } from '@/domain/catalogue'
import de from '@/i18n/locales/de.json'
import { makePhotoJpeg } from './syntheticPhoto'

// Filling in applications and capturing their documents the way a person does, for the browser tests.

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
export async function fillApplication(page: Page, baseUrl: string, serviceId: ServiceId, answers: Answers): Promise<string> {
  await page.goto(`${baseUrl}/apply/${serviceId}`)
  await page.getByRole('button', { name: de.start.begin }).click()
  for (const step of visibleSteps(applicationForms[serviceId], answers)) {
    await page.waitForURL((url) => url.pathname.endsWith(`/${step.id}`))
    await fillStep(page, serviceId, step.id, answers)
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
