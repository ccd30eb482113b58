import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { FreeSlot } from '@/domain/booking'
import type { ContactChannel } from '@/domain/contact'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { credentialsOf } from './deviceData'
import { expectNoAxeViolations, newContext, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()

/** A confirmation that replaced what was tapped must be seen and read: focused, and on screen at the top. */
async function expectFocusedAtTop(target: Locator, where: string) {
  await expect.poll(() => target.evaluate((element) => element === document.activeElement), { message: `${where}: focus` }).toBe(true)
  const place = await target.evaluate((element) => ({ top: element.getBoundingClientRect().top, scrollY: window.scrollY, height: window.innerHeight }))
  expect(place.scrollY, `${where}: scrolled to the top`).toBe(0)
  expect(place.top, `${where}: on screen`).toBeGreaterThanOrEqual(0)
  expect(place.top, `${where}: on screen`).toBeLessThan(place.height)
}

/** From the home screen to a confirmation; returns the pages passed through, to compare the channels. */
async function bookFromHome(page: Page, channel: ContactChannel, messages: typeof de): Promise<string[]> {
  const visited: string[] = []
  const record = (frame: ReturnType<Page['mainFrame']>) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname.replace(/\/(in-person|phone|written)$/, '/:channel'))
  }
  page.on('framenavigated', record)
  await page.goto(env.server.baseUrl)
  await page.locator(`[data-channel="${channel}"]`).getByRole('link', { name: messages.booking.choose }).click()
  await page.getByRole('heading', { level: 1, name: messages.booking.channel[channel] }).waitFor()
  // One active booking per topic: each channel is booked for another matter.
  const topic = { 'in-person': 'submission', phone: 'advice', written: 'general' }[channel]
  await page.getByLabel(messages.booking.topicLabel).selectOption(topic)
  if (channel === 'written') {
    await page.getByLabel(messages.booking.messageLabel).fill('Wie lange dauert die Bearbeitung meines Antrags?')
    await page.getByLabel(messages.booking.replyRoutes.email).check()
    await page.getByLabel(messages.booking.emailLabel).fill('lina@example.org')
  } else {
    await page.locator('fieldset').getByRole('radio').first().check()
    if (channel === 'phone') await page.getByLabel(messages.booking.phoneLabel).fill('+49 345 1234567')
  }
  await expectNoAxeViolations(page, `${channel} form`)
  await page.getByRole('button', { name: channel === 'written' ? messages.booking.send : messages.booking.book }).click()
  const confirmation = page.getByTestId('booking-confirmation')
  await confirmation.waitFor()
  await expect(confirmation.textContent()).resolves.toMatch(/T-[0-9A-Z]{8}/)
  await expectFocusedAtTop(confirmation, `${channel} confirmation`)
  // A message is sent, not booked.
  await confirmation.getByRole('heading', { name: channel === 'written' ? messages.booking.sentTitle : messages.booking.confirmedTitle, exact: true }).waitFor()
  await expectNoAxeViolations(page, `${channel} confirmation`)
  page.off('framenavigated', record)
  return visited
}

describe('booking contact with the authority', () => {
  it.each([
    { locale: 'de-DE', messages: de },
    { locale: 'ar-SY', messages: ar },
  ])('books each of the three channels in the same steps ($locale), and lists, moves and cancels them only once asked', async ({ locale, messages }) => {
    const context = await newContext(env.browser, { locale, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const paths = []
    for (const channel of ['in-person', 'phone', 'written'] as const) paths.push(await bookFromHome(page, channel, messages))
    expect(new Set(paths.map((path) => path.join(' → '))).size).toBe(1)

    await page.goto(`${env.server.baseUrl}/appointments`)
    const list = page.getByTestId('appointment-list')
    await expect.poll(() => list.locator(':scope > li').count()).toBe(3)
    await expectNoAxeViolations(page, 'my appointments')
    const done = page.getByTestId('appointment-done')

    // Moving shows the new time and asks before it is done.
    const visit = list.locator(':scope > li').filter({ hasText: messages.booking.topics.submission })
    const before = await visit.textContent()
    await visit.getByRole('button', { name: messages.booking.reschedule }).click()
    await visit.getByRole('radio').nth(1).check()
    await visit.getByRole('button', { name: messages.booking.confirmReschedule }).click()
    const moveQuestion = visit.getByRole('group', { name: messages.booking.reschedule })
    await moveQuestion.getByText(messages.booking.moveQuestion.split('{')[0]!.trim()).waitFor()
    await expectNoAxeViolations(page, 'move question')
    await moveQuestion.getByRole('button', { name: messages.booking.moveConfirm }).click()
    await expectFocusedAtTop(done, 'moved')
    await expect.poll(() => visit.textContent()).not.toBe(before)

    // Cancelling asks first; keeping changes nothing, confirming cancels and says so at the top.
    const call = list.locator(':scope > li').filter({ hasText: messages.booking.topics.advice })
    await call.getByRole('button', { name: messages.booking.cancel }).click()
    const question = call.getByRole('group', { name: messages.booking.cancel })
    await expect.poll(() => question.getByRole('button', { name: messages.booking.cancelKeep }).evaluate((button) => button === document.activeElement)).toBe(true)
    await expectNoAxeViolations(page, 'cancel question')
    await question.getByRole('button', { name: messages.booking.cancelKeep }).click()
    expect(await call.getByText(messages.booking.cancelled).count()).toBe(0)
    await call.getByRole('button', { name: messages.booking.cancel }).click()
    await question.getByRole('button', { name: messages.booking.cancelConfirm }).click()
    await call.getByText(messages.booking.cancelled, { exact: true }).waitFor()
    await expectFocusedAtTop(done, 'cancelled')
    await expectNoAxeViolations(page, 'cancelled')
    await context.close()
    // Three bookings and eight axe runs: on a loaded machine more than the default minute.
  }, 150_000)

  it('offers the nearest free slots when the chosen one went meanwhile, and books one of them', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/contact/in-person`)
    await page.getByLabel(de.booking.topicLabel).selectOption('biometrics')
    const first = page.locator('fieldset').getByRole('radio').first()
    await first.check()

    // Someone else books the same slot first.
    const slots = (await (await page.request.get(`${env.server.baseUrl}/api/slots?channel=in-person&topic=biometrics`)).json()) as FreeSlot[]
    const other = (await (await page.request.post(`${env.server.baseUrl}/api/applicants`)).json()) as { token: string }
    const taken = await page.request.post(`${env.server.baseUrl}/api/bookings`, {
      headers: { authorization: `Bearer ${other.token}`, 'idempotency-key': crypto.randomUUID() },
      data: { channel: 'in-person', topic: 'biometrics', slotId: slots[0]?.id },
    })
    expect(taken.status()).toBe(201)

    await page.getByRole('button', { name: de.booking.book }).click()
    await page.getByRole('alert').filter({ hasText: de.booking.alternatives }).waitFor()
    expect(await page.locator('fieldset').getByRole('radio').count()).toBe(3)
    await page.locator('fieldset').getByRole('radio').first().check()
    await page.getByRole('button', { name: de.booking.book }).click()
    await page.getByTestId('booking-confirmation').waitFor()
    await context.close()
  })
})

describe('the booking form', () => {
  it.each([
    { locale: 'de-DE', messages: de },
    { locale: 'ar-SY', messages: ar },
  ])('says next to each field and in the summary what is missing, in the app language ($locale), with a day chosen before a time', async ({ locale, messages }) => {
    const context = await newContext(env.browser, { locale, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/contact/phone`)
    await page.getByLabel(messages.booking.topicLabel).selectOption('advice')
    const times = page.getByRole('group', { name: messages.booking.slotLabel }).getByRole('radio')
    await times.first().waitFor()
    // A day first, then its times: the number field is not behind every free slot.
    const slots = (await (await page.request.get(`${env.server.baseUrl}/api/slots?channel=phone&topic=advice`)).json()) as FreeSlot[]
    const days = await page.getByLabel(messages.booking.dayLabel, { exact: true }).locator('option').count()
    expect(days).toBeGreaterThan(1)
    expect(await times.count()).toBeLessThan(slots.length)

    await page.getByLabel(messages.booking.phoneLabel).fill('call me')
    expect(await page.locator('form').getAttribute('novalidate')).not.toBeNull()
    await page.getByRole('button', { name: messages.booking.book }).click()
    const summary = page.getByRole('group', { name: messages.draft.errorSummaryTitle })
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true)
    await expect(summary.getByRole('listitem').allTextContents()).resolves.toEqual([
      `${messages.booking.slotLabel}: ${messages.booking.errors.slot}`,
      `${messages.booking.phoneLabel}: ${messages.validation.phone}`,
    ])
    // Each message also stands by its field, and the field says so to a screen reader.
    const phone = page.getByLabel(messages.booking.phoneLabel)
    await expect(phone.getAttribute('aria-invalid')).resolves.toBe('true')
    const describedBy = (await phone.getAttribute('aria-describedby')) ?? ''
    await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toBe(messages.validation.phone)
    await page.getByRole('group', { name: messages.booking.slotLabel }).getByText(messages.booking.errors.slot).waitFor()
    await expectNoAxeViolations(page, 'booking form with errors')

    // A corrected field loses its message at once.
    await times.first().check()
    await expect.poll(() => summary.getByRole('listitem').count()).toBe(1)

    await page.goto(`${env.server.baseUrl}/contact/written`)
    await page.getByLabel(messages.booking.topicLabel).selectOption('general')
    await page.getByRole('button', { name: messages.booking.send }).click()
    await expect(summary.getByRole('listitem').allTextContents()).resolves.toEqual([`${messages.booking.messageLabel}: ${messages.booking.errors.message.replace('{minLength}', '5')}`])
    await context.close()
  })

  it.each([
    { locale: 'de-DE', messages: de },
    { locale: 'ar-SY', messages: ar },
  ])('offers the phone number and e-mail address of the latest application, and fills them in only when asked ($locale)', async ({ locale, messages }) => {
    const context = await newContext(env.browser, { locale, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/contact/phone`)
    // Slots shown: the app has opened (and made) its database, so the application can be put in.
    await page.getByLabel(messages.booking.topicLabel).selectOption('advice')
    await page.getByRole('group', { name: messages.booking.slotLabel }).getByRole('radio').first().waitFor()
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('abh-digital')
          open.onsuccess = () => {
            const now = new Date().toISOString()
            const draft = { id: crypto.randomUUID(), serviceId: 'naturalisation', answers: { phone: '+49 345 7654321', email: 'lina@example.org' }, currentStep: 'personal', localRevision: 1, baseRevision: null, createdAt: now, updatedAt: now, state: 'editing' }
            const put = open.result.transaction('drafts', 'readwrite').objectStore('drafts').put(draft)
            put.onsuccess = () => resolve()
            put.onerror = () => reject(put.error)
          }
        }),
    )
    await page.reload()
    await page.getByLabel(messages.booking.topicLabel).selectOption('advice')
    const offer = page.getByTestId('prefill-phone')
    await offer.getByText('+49 345 7654321').waitFor()
    await expect(page.getByLabel(messages.booking.phoneLabel).inputValue()).resolves.toBe('')
    await expectNoAxeViolations(page, 'phone offered')
    await offer.getByRole('button', { name: messages.booking.prefill.use }).click()
    await expect(page.getByLabel(messages.booking.phoneLabel).inputValue()).resolves.toBe('+49 345 7654321')
    await offer.waitFor({ state: 'detached' })

    await page.goto(`${env.server.baseUrl}/contact/written`)
    await page.getByLabel(messages.booking.topicLabel).selectOption('general')
    await page.getByLabel(messages.booking.replyRoutes.email).check()
    await page.getByTestId('prefill-email').getByRole('button', { name: messages.booking.prefill.decline }).click()
    await page.getByTestId('prefill-email').waitFor({ state: 'detached' })
    await expect(page.getByLabel(messages.booking.emailLabel).inputValue()).resolves.toBe('')
    await context.close()
  })
})

describe('changing and browsing appointments', () => {
  it.each([
    { locale: 'de-DE', messages: de },
    { locale: 'ar-SY', messages: ar },
  ])('takes back "needs a connection" on Meine Termine once connected again ($locale)', async ({ locale, messages }) => {
    const context = await newContext(env.browser, { locale })
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    // A device that booked before: one that never sent anything has nothing to ask the server for.
    await page.goto(`${env.server.baseUrl}/contact/in-person`)
    await page.getByLabel(messages.booking.topicLabel).selectOption('advice')
    await page.locator('fieldset').getByRole('radio').first().check()
    await page.getByRole('button', { name: messages.booking.book }).click()
    await page.getByTestId('booking-confirmation').waitFor()
    await context.setOffline(true)
    await page.goto(`${env.server.baseUrl}/appointments`)
    const problem = page.getByTestId('appointments-problem')
    await problem.getByText(messages.booking.needsConnection).waitFor()
    await context.setOffline(false)
    await problem.waitFor({ state: 'detached' })
    await page.getByTestId('appointment-list').locator(':scope > li').first().waitFor()
    await context.close()
  })

  it('moves an appointment to another slot, and shows the last slots seen with their age when offline', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await page.goto(`${env.server.baseUrl}/contact/in-person`)
    await page.getByLabel(de.booking.topicLabel).selectOption('advice')
    await page.locator('fieldset').getByRole('radio').first().check()
    await page.getByRole('button', { name: de.booking.book }).click()
    await page.getByTestId('booking-confirmation').waitFor()

    await page.goto(`${env.server.baseUrl}/appointments`)
    const item = page.getByTestId('appointment-list').locator(':scope > li').first()
    const before = await item.textContent()
    await item.getByRole('button', { name: de.booking.reschedule }).click()
    await item.getByRole('radio').nth(2).check()
    await item.getByRole('button', { name: de.booking.confirmReschedule }).click()
    await item.getByRole('button', { name: de.booking.moveConfirm }).click()
    await page.getByTestId('appointment-done').waitFor()
    await expect.poll(() => item.textContent()).not.toBe(before)
    await expectNoAxeViolations(page, 'moved appointment')

    await page.goto(`${env.server.baseUrl}/contact/phone`)
    await page.getByLabel(de.booking.topicLabel).selectOption('advice')
    await page.locator('fieldset').getByRole('radio').first().waitFor()
    await context.setOffline(true)
    await page.reload()
    await page.getByLabel(de.booking.topicLabel).selectOption('advice')
    await page.getByText(de.booking.slotsAsOf.split('{')[0]!.trim()).waitFor()
    expect(await page.locator('fieldset').getByRole('radio').count()).toBeGreaterThan(0)
    await context.close()
  })
})

describe('booking offline', () => {
  it('keeps the request, confirms it after reconnecting, and offers alternatives when the slot went meanwhile', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await page.goto(`${env.server.baseUrl}/contact/in-person`)
    await page.getByLabel(de.booking.topicLabel).selectOption('collection')
    await page.locator('fieldset').getByRole('radio').first().waitFor()
    const [wanted] = (await (await page.request.get(`${env.server.baseUrl}/api/slots?channel=in-person&topic=collection`)).json()) as FreeSlot[]

    await context.setOffline(true)
    await page.locator('fieldset').getByRole('radio').first().check()
    await page.getByRole('button', { name: de.booking.book }).click()
    await page.getByTestId('booking-queued').waitFor()
    await expectNoAxeViolations(page, 'booking queued')

    // While this phone is offline, someone else books that very slot.
    const other = (await (await page.request.post(`${env.server.baseUrl}/api/applicants`)).json()) as { token: string }
    await page.request.post(`${env.server.baseUrl}/api/bookings`, {
      headers: { authorization: `Bearer ${other.token}`, 'idempotency-key': crypto.randomUUID() },
      data: { channel: 'in-person', topic: 'collection', slotId: wanted?.id },
    })

    await context.setOffline(false)
    await page.getByRole('link', { name: de.booking.myAppointments }).first().click()
    const requests = page.getByTestId('booking-requests')
    await requests.getByText(de.booking.slotTakenOffline).waitFor({ timeout: 30_000 })
    await expectNoAxeViolations(page, 'alternatives after reconnecting')
    await requests.getByRole('radio').first().check()
    await requests.getByRole('button', { name: de.booking.requestAgain }).click()
    const list = page.getByTestId('appointment-list')
    await expect.poll(() => list.locator(':scope > li').count(), { timeout: 30_000 }).toBe(1)
    await requests.waitFor({ state: 'detached' })
    await context.close()
  })
})

describe('written contact with attachments', () => {
  async function writeWithAttachment(page: Page) {
    await page.goto(`${env.server.baseUrl}/contact/written`)
    await page.getByLabel(de.booking.topicLabel).selectOption('general')
    await page.getByLabel(de.booking.messageLabel).fill('Ich habe diesen Bescheid bekommen und verstehe Seite 2 nicht.')
    await page.getByTestId('attachment-input').setInputFiles({ name: 'bescheid.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% Bescheid\n%%EOF\n') })
    await page.getByTestId('attachments').locator('li').waitFor()
    await expectNoAxeViolations(page, 'written contact with an attachment')
    await page.getByRole('button', { name: de.booking.send }).click()
  }

  /** The attachments stored on this device, with what the server says about each. */
  async function attachmentsOnServer(page: Page) {
    const token = (await credentialsOf(page))?.token ?? ''
    const stored = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('abh-digital')
          open.onsuccess = () => {
            const all = open.result.transaction('documents').objectStore('documents').getAll()
            all.onsuccess = () => resolve((all.result as { id: string; slot: string }[]).filter((row) => row.slot === 'attachment').map((row) => row.id))
          }
        }),
    )
    return Promise.all(
      stored.map(async (id) => {
        const response = await page.request.get(`${env.server.baseUrl}/api/documents/${id}`, { headers: { authorization: `Bearer ${token}` } })
        return response.ok() ? ((await response.json()) as { bookingId?: string }).bookingId : response.status()
      }),
    )
  }

  it('sends the attachment with a message written online', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await writeWithAttachment(page)
    await page.getByTestId('booking-confirmation').waitFor()
    await expect.poll(() => attachmentsOnServer(page), { timeout: 30_000 }).toEqual([expect.any(String)])
    await context.close()
  })

  it('keeps message and attachment offline, and sends both once connected', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)
    await writeWithAttachment(page)
    await page.getByTestId('booking-queued').waitFor()
    await context.setOffline(false)
    await page.getByRole('link', { name: de.booking.myAppointments }).first().click()
    await expect.poll(() => page.getByTestId('appointment-list').locator(':scope > li').count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => attachmentsOnServer(page), { timeout: 30_000 }).toEqual([expect.any(String)])
    await context.close()
  })
})
