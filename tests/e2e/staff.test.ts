import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { authorityCacheName } from '@/constants'
import type { ServiceId } from '@/domain/catalogue'
import type { StaffRole } from '@/domain/staff'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffDe from '@/i18n/staff/de.json'
import visitorAr from '@/i18n/visitor/ar.json'
import visitorDe from '@/i18n/visitor/de.json'
import { validAnswers } from '../unit/applicationFactories'
import { addStaff } from '../../server/services/staff.js'
import type { Storage } from '../../server/storage/storage.js'
import { captureRequiredDocuments, fillApplication } from './applicationFlow'
import { signedInStaff, withServerStorage } from './staffSignIn'
import { expectNoAxeViolations, newContext, pluralFormOf, singularOf, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()
/** A German plural message's form for one ("Ein Vorgang gefunden | {count} Vorgänge gefunden"). */
const password = 'ein-langes-passwort-42'

const withStorage = <T>(use: (storage: Storage) => Promise<T>) => withServerStorage(env.server, use)
const signedIn = (context: BrowserContext, username: string, role: StaffRole, create = true) => signedInStaff(context, env.server, username, role, password, { create })

/** What the browser keeps for this site: IndexedDB databases, Cache Storage names, localStorage keys. */
function deviceStorage(page: Page) {
  return page.evaluate(async () => {
    const databases = await indexedDB.databases()
    return {
      databases: databases.map((database) => database.name),
      caches: await caches.keys(),
      localStorage: Object.keys(localStorage),
      sessionStorage: Object.keys(sessionStorage),
    }
  })
}

/** An applicant asks in writing from their phone and wants the answer in the app; returns the reference. */
async function askInWriting(applicant: Page): Promise<string> {
  await applicant.goto(`${env.server.baseUrl}/contact/written`)
  await applicant.getByLabel(de.booking.topicLabel).selectOption('general')
  await applicant.getByLabel(de.booking.messageLabel).fill('Wie lange dauert die Bearbeitung?')
  await applicant.getByLabel(de.booking.replyRoutes.app).check()
  await applicant.getByRole('button', { name: de.booking.send }).click()
  const confirmation = applicant.getByTestId('booking-confirmation')
  await confirmation.waitFor()
  return /T-[0-9A-Z]{8}/.exec((await confirmation.textContent()) ?? '')?.[0] ?? ''
}

/**
 * A front-desk member starts an assisted session for a service and the visitor types a surname
 * without a connection: the draft waits in the outbox. With `clock`, Playwright's clock is
 * installed first, so the idle time can be fast-forwarded.
 */
async function assistedDraftOffline(context: BrowserContext, username: string, serviceId: ServiceId, surname: string, clock = false): Promise<Page> {
  const page = await signedIn(context, username, 'frontdesk')
  await waitForServiceWorkerControl(page)
  if (clock) {
    await page.clock.install()
    await page.reload()
  }
  await page.getByRole('link', { name: staffDe.assist.title }).first().click()
  await page.getByRole('listitem').filter({ hasText: de.services[serviceId].title }).getByRole('button', { name: staffDe.assist.start }).click()
  await page.getByRole('button', { name: de.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  await context.setOffline(true)
  await page.locator('#field-surname').fill(surname)
  await page.locator('#field-placeOfBirth').click()
  await page.locator('[data-testid="sync-indicator"]:not([data-status="saved"])').waitFor()
  return page
}

describe('a day at the front desk', () => {
  it('answers a written contact, gives and calls a waiting number, runs an assisted application with a printed receipt, and leaves nothing of the visitor on the device', async () => {
    const context = await newContext(env.browser)
    const page = await signedIn(context, 'empfang', 'frontdesk')
    await waitForServiceWorkerControl(page)

    // Today: a written question waits for an answer.
    const asking = await newContext(env.browser)
    const applicant = await asking.newPage()
    const writtenReference = await askInWriting(applicant)
    await page.getByRole('link', { name: staffDe.today.title }).first().click()
    const written = page.getByTestId('written')
    await written.getByText(writtenReference, { exact: true }).waitFor()
    await expectNoAxeViolations(page, 'today')
    await page.getByLabel(staffDe.today.reply.replace('{reference}', writtenReference)).fill('Etwa acht Wochen.')
    await page.getByRole('button', { name: staffDe.today.sendReply }).click()
    await page.getByRole('status').filter({ hasText: writtenReference }).waitFor()
    expect(await written.getByText(writtenReference, { exact: true }).count()).toBe(0)
    await applicant.goto(`${env.server.baseUrl}/appointments`)
    await expect(applicant.getByTestId('booking-reply').textContent()).resolves.toContain('Etwa acht Wochen.')
    await expectNoAxeViolations(applicant, 'answer to a written contact')
    await asking.close()

    // A walk-in gets a number; the counter calls it; the waiting-room screen shows it.
    await page.getByRole('link', { name: staffDe.walkIns.title }).first().click()
    await page.getByRole('button', { name: staffDe.walkIns.giveNumber }).click()
    await expect(page.getByTestId('waiting-number').textContent()).resolves.toContain('001')
    await page.getByLabel(staffDe.walkIns.counter).fill('Schalter 5')
    await expectNoAxeViolations(page, 'walk-ins')
    await page.getByRole('button', { name: staffDe.walkIns.callNext }).click()
    await page.getByRole('status').filter({ hasText: 'Schalter 5' }).waitFor()
    const display = await context.newPage()
    await display.goto(`${env.server.baseUrl}/staff/display`)
    const serving = display.getByTestId('now-serving')
    await serving.waitFor()
    await expect(serving.textContent()).resolves.toMatch(/001\s*Schalter 5/)
    await expectNoAxeViolations(display, 'now serving')
    await display.close()

    // An assisted application: the same flow the applicants use, on the office device.
    await page.getByRole('link', { name: staffDe.assist.title }).first().click()
    await expectNoAxeViolations(page, 'assisted start')
    const serviceTitle = de.services['residence-study'].title
    await page.getByRole('listitem').filter({ hasText: serviceTitle }).getByRole('button', { name: staffDe.assist.start }).click()
    await page.waitForURL((url) => url.pathname === '/apply/residence-study')
    await page.getByRole('region', { name: visitorDe.assist.barLabel }).waitFor()
    // The visitor holds the device: no staff data is reachable from it, not even by address.
    expect((await page.request.get(`${env.server.baseUrl}/api/staff/today`)).status()).toBe(401)
    await page.goto(`${env.server.baseUrl}/staff/cases`)
    await page.waitForURL((url) => url.pathname === '/staff/assist')
    const answers = validAnswers('residence-study')
    await fillApplication(page, env.server.baseUrl, 'residence-study', answers)
    await captureRequiredDocuments(page, 'residence-study', answers)
    await expectNoAxeViolations(page, 'assisted documents step')
    await page.getByRole('button', { name: de.draft.toReview }).click()
    await page.getByRole('button', { name: de.review.submit }).click()
    const receipt = page.getByTestId('receipt')
    await receipt.waitFor({ timeout: 60_000 })
    const reference = /ABH-\d{4}-\d{6}/.exec((await receipt.textContent()) ?? '')?.[0] ?? ''
    expect(reference).not.toBe('')
    const code = (await page.getByTestId('assisted-recovery-code').textContent())?.trim() ?? ''
    expect(code.length).toBeGreaterThan(10)
    expect(await page.getByTestId('assisted-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await expectNoAxeViolations(page, 'assisted receipt')

    // Printing: the print dialog opens, and the printed page carries the reference, the code and the QR code.
    await page.evaluate(() => {
      ;(window as unknown as { printed: number }).printed = 0
      window.print = () => void ((window as unknown as { printed: number }).printed += 1)
    })
    await page.getByRole('button', { name: de.receipt.print }).click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('assisted-qr').isVisible()).toBe(true)
    expect(await page.getByTestId('assisted-recovery-code').isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })

    // The visitor reads Arabic: the choice is kept on the device until the session ends.
    await page.getByLabel(de.locale.label, { exact: true }).selectOption('ar')
    await page.locator('html[lang="ar"]').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('abh.locale'))).toBe('ar')

    // End of the session: the device is wiped, apart from the app shell and the counter setting.
    // A second tab with the visitor's applications open reloads too.
    const otherTab = await context.newPage()
    await otherTab.goto(`${env.server.baseUrl}/applications`)
    await otherTab.getByText(reference).waitFor()
    await page.getByTestId('end-assisted').click()
    await page.getByTestId('end-session').click()
    await page.getByTestId('wiped').waitFor()
    await otherTab.waitForURL((url) => url.searchParams.get('ended') === 'ended')
    await otherTab.close()
    await expectNoAxeViolations(page, 'session ended')
    const storage = await deviceStorage(page)
    expect(storage.databases).toEqual([])
    expect(storage.caches.length).toBeGreaterThan(0)
    expect(storage.caches.every((name) => name.startsWith('workbox-precache') || name === authorityCacheName)).toBe(true)
    expect(storage.localStorage).toEqual(['abh.staff.counter'])
    expect(storage.sessionStorage).toEqual([])
    // Still usable offline: the app shell stayed.
    await context.setOffline(true)
    await page.goto(`${env.server.baseUrl}/`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await context.setOffline(false)

    // The application is the authority's now; the visitor takes it over on their own phone with the QR code's link.
    expect(await withStorage(async ({ db }) => (await db.selectFrom('applications').select('status').where('reference', '=', reference).executeTakeFirst())?.status)).toBe('submitted')
    const phone = await newContext(env.browser)
    const visitor = await phone.newPage()
    await visitor.goto(`${env.server.baseUrl}/sync#recovery=${encodeURIComponent(code)}`)
    expect(await visitor.getByLabel(de.sync.recover.label).inputValue()).toBe(code)
    await visitor.getByRole('button', { name: de.sync.recover.submit }).click()
    // The visitor's language travels with them: the session ran in Arabic, so their phone now speaks it.
    await visitor.getByText(pluralFormOf(ar.sync.recover.done, 1, 'ar')).waitFor({ timeout: 30_000 })
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('ar')
    // The code leaves no trace in the address or the history once it has been used.
    expect(new URL(visitor.url()).hash).toBe('')
    await visitor.getByRole('link', { name: ar.nav.myApplications }).click()
    await visitor.getByText(reference).waitFor({ timeout: 30_000 })
    expect(await visitor.evaluate(() => JSON.stringify(history.state))).not.toContain(code)
    await visitor.goBack()
    await visitor.waitForURL((url) => url.pathname === '/sync')
    expect(new URL(visitor.url()).hash).toBe('')
    expect(await visitor.evaluate(() => JSON.stringify(history.state))).not.toContain(code)
    await phone.close()
    await context.close()
  })
})

describe('a caseworker', () => {
  it('finds a case, views its documents, asks for a document and moves the status on; the applicant sees both after the next sync', async () => {
    // The applicant sends a complete application from their phone.
    const phone = await newContext(env.browser)
    const applicant = await phone.newPage()
    await applicant.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(applicant)
    const answers = validAnswers('residence-employment')
    await fillApplication(applicant, env.server.baseUrl, 'residence-employment', answers)
    await captureRequiredDocuments(applicant, 'residence-employment', answers)
    await applicant.getByRole('button', { name: de.draft.toReview }).click()
    await applicant.getByRole('button', { name: de.review.submit }).click()
    const receipt = applicant.getByTestId('receipt')
    await receipt.waitFor({ timeout: 60_000 })
    const reference = /ABH-\d{4}-\d{6}/.exec((await receipt.textContent()) ?? '')?.[0] ?? ''

    const office = await newContext(env.browser)
    const page = await signedIn(office, 'sachbearbeitung', 'caseworker')
    await page.getByRole('link', { name: staffDe.cases.title }).first().click()
    await page.getByTestId('case-list').waitFor()
    await expectNoAxeViolations(page, 'cases')
    await page.getByLabel(staffDe.cases.name).fill(String(answers.surname))
    await page.getByLabel(staffDe.cases.service).selectOption('residence-employment')
    const searched = page.waitForResponse((response) => response.url().endsWith('/api/staff/cases/search') && response.request().postData()?.includes('residence-employment') === true)
    await page.getByRole('button', { name: staffDe.cases.search }).click()
    await searched
    await page.getByRole('status').filter({ hasText: singularOf(staffDe.cases.found) }).waitFor()
    // A searched name never stands in the address (browser history, access logs).
    expect(page.url()).not.toContain('name=')
    await page.getByRole('link', { name: reference }).click()
    await page.getByRole('heading', { level: 1, name: reference }).waitFor()
    await page.getByTestId('case-timeline').waitFor()
    // The applicant's device sent its language with its first sync.
    expect(await page.getByTestId('case-language').textContent()).toContain('Deutsch')

    // Every photographed page is shown, and can be turned and enlarged.
    const image = page.locator('.document-viewer__image').first()
    await image.scrollIntoViewIfNeeded()
    await page.waitForFunction(() => {
      const first = document.querySelector<HTMLImageElement>('.document-viewer__image')
      return first !== null && first.complete && first.naturalWidth > 0
    })
    await page.getByRole('button', { name: staffDe.viewer.rotateRight }).first().click()
    await page.getByRole('button', { name: staffDe.viewer.zoomIn }).first().click()
    expect(await image.getAttribute('data-rotation')).toBe('90')
    expect(await image.getAttribute('data-zoom')).toBe('1.25')
    await expectNoAxeViolations(page, 'case')

    // The export for the case-management system downloads as a ZIP.
    const exported = await page.request.get(`${env.server.baseUrl}/api/staff/cases/${reference}/export`)
    expect(exported.status()).toBe(200)
    expect(exported.headers()['content-type']).toBe('application/zip')

    await page.getByLabel(staffDe.case.newStatus).selectOption('inReview')
    await page.getByLabel(staffDe.case.note).first().fill('Wir prüfen Ihren Antrag jetzt.')
    await page.getByRole('button', { name: staffDe.case.saveStatus }).click()
    await page.getByRole('status').filter({ hasText: de.statuses.inReview }).waitFor()
    expect(await page.getByTestId('case-status').textContent()).toBe(de.statuses.inReview)

    await page.getByRole('checkbox', { name: de.checklist.passport.title }).check()
    await page.getByLabel(staffDe.case.note).nth(1).fill('Bitte auch die letzte Seite des Passes.')
    await page.getByRole('button', { name: staffDe.case.sendRequest }).click()
    await page.getByRole('status').filter({ hasText: staffDe.case.documentsRequested }).waitFor()
    expect(await page.getByTestId('case-status').textContent()).toBe(de.statuses.documentsRequested)

    // The applicant's app shows the request on its next look at the server.
    await applicant.reload()
    const requested = applicant.getByTestId('requested-documents')
    await requested.waitFor({ timeout: 30_000 })
    const timeline = (await applicant.getByTestId('status-timeline').textContent()) ?? ''
    expect(timeline).toContain('Wir prüfen Ihren Antrag jetzt.')
    expect(timeline).toContain(de.statuses.inReview)
    expect(timeline).toContain('Bitte auch die letzte Seite des Passes.')
    await expect(requested.textContent()).resolves.toContain(de.checklist.passport.title)
    await expectNoAxeViolations(applicant, 'requested documents')
    await office.close()
    await phone.close()
  })
})

describe('an administrator', () => {
  it('creates an account whose password works once passed on, reads the audit log, and other roles are kept out', async () => {
    const context = await newContext(env.browser)
    const page = await signedIn(context, 'verwaltung', 'admin')
    await page.getByRole('link', { name: staffDe.admin.title }).first().click()
    await page.getByTestId('audit-log').waitFor()
    await expectNoAxeViolations(page, 'admin')
    await page.getByLabel(staffDe.signIn.username).fill('neu.empfang')
    await page.getByLabel(staffDe.admin.role).selectOption('frontdesk')
    await page.getByRole('button', { name: staffDe.admin.create }).click()
    const newPassword = (await page.getByTestId('new-password').textContent())?.trim() ?? ''
    expect(newPassword.length).toBeGreaterThanOrEqual(12)
    await page.getByTestId('audit-log').getByText('staff.created').waitFor()
    await expectNoAxeViolations(page, 'admin with new password')

    // The new colleague signs in elsewhere; the case list is not theirs.
    const other = await newContext(env.browser)
    const colleague = await other.newPage()
    await colleague.goto(`${env.server.baseUrl}/staff/cases`)
    await colleague.getByLabel(staffDe.signIn.username).fill('neu.empfang')
    await colleague.getByLabel(staffDe.signIn.password).fill(newPassword)
    await colleague.getByRole('button', { name: staffDe.signIn.submit }).click()
    await colleague.getByRole('heading', { level: 1, name: staffDe.forbidden.title }).waitFor()
    await expectNoAxeViolations(colleague, 'forbidden')
    expect(await colleague.getByRole('link', { name: staffDe.cases.title }).count()).toBe(0)
    await other.close()
    await context.close()
  })
})

describe('sign-in safety', () => {
  it('shows an admin the failed sign-ins of an account and unlocks it; the member then changes their own password', async () => {
    await withStorage((storage) => addStaff(storage, 'konto.test', password, 'frontdesk'))
    const tryPassword = (secret: string) =>
      fetch(`${env.server.baseUrl}/api/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'konto.test', password: secret }) })
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await tryPassword('falsch-geraten')).status).toBe(401)
    expect((await tryPassword(password)).status).toBe(429)

    const adminContext = await newContext(env.browser)
    const admin = await signedIn(adminContext, 'sicherheit', 'admin')
    await admin.getByRole('link', { name: staffDe.admin.title }).first().click()
    const failures = admin.getByTestId('sign-in-failures')
    const row = failures.getByRole('row').filter({ hasText: 'konto.test' })
    await row.waitFor()
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('5')
    await expectNoAxeViolations(admin, 'admin with failed sign-ins')
    await row.getByRole('button', { name: staffDe.admin.unlock }).click()
    await admin.getByRole('status').filter({ hasText: staffDe.admin.unlocked.replace('{name}', 'konto.test') }).waitFor()
    expect(await failures.getByText('konto.test').count()).toBe(0)
    await admin.getByTestId('audit-log').getByText('staff.unlocked').waitFor()
    await adminContext.close()

    const context = await newContext(env.browser)
    const page = await signedIn(context, 'konto.test', 'frontdesk', false)
    await page.getByRole('link', { name: staffDe.account.title }).first().click()
    await page.getByRole('heading', { level: 1, name: staffDe.account.title }).waitFor()
    await expectNoAxeViolations(page, 'account')
    const current = page.getByLabel(staffDe.account.currentPassword, { exact: true })
    const next = page.getByLabel(staffDe.account.newPassword, { exact: true })
    expect(await current.getAttribute('autocomplete')).toBe('current-password')
    expect(await next.getAttribute('autocomplete')).toBe('new-password')
    const summary = page.getByRole('group', { name: de.draft.errorSummaryTitle })

    // Empty: both fields are named in the summary, which takes focus.
    await page.getByRole('button', { name: staffDe.account.submit }).click()
    await summary.getByRole('link', { name: `${staffDe.account.newPassword}: ${staffDe.account.newRequired}` }).waitFor()
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
    await expectNoAxeViolations(page, 'account with errors')

    // The server's refusals stand beside their field.
    await current.fill('nicht-mein-passwort')
    await next.fill('Leuchtturm-Gurke-Fahrrad-83')
    await page.getByRole('button', { name: staffDe.account.submit }).click()
    await page.getByText(de.errors.PASSWORD_WRONG).first().waitFor()
    expect(await current.getAttribute('aria-invalid')).toBe('true')
    await current.fill(password)
    await next.fill('abcabcabcabc')
    await page.getByRole('button', { name: staffDe.account.submit }).click()
    await summary.getByRole('link', { name: `${staffDe.account.newPassword}: ${de.errors.PASSWORD_TOO_WEAK}` }).waitFor()
    expect(await next.getAttribute('aria-describedby')).toContain('-error')
    await expectNoAxeViolations(page, 'account with a weak password')

    await next.fill('Leuchtturm-Gurke-Fahrrad-83')
    await page.getByRole('button', { name: staffDe.account.submit }).click()
    await page.getByRole('status').filter({ hasText: staffDe.account.changed }).waitFor()
    expect(await summary.count()).toBe(0)
    await expectNoAxeViolations(page, 'account after the change')
    expect((await tryPassword(password)).status).toBe(401)
    expect((await tryPassword('Leuchtturm-Gurke-Fahrrad-83')).status).toBe(200)
    await context.close()
  })
})

describe('an assisted session left alone', () => {
  it('hides the visitor’s data while something is unsent, and wipes the device once it has been sent', async () => {
    const context = await newContext(env.browser)
    // Typed without a connection: the draft waits in the outbox.
    const page = await assistedDraftOffline(context, 'empfang.zwei', 'naturalisation', 'Nguyễn', true)
    await page.clock.fastForward('11:00')
    const cover = page.getByRole('alertdialog', { name: visitorDe.assist.pausedTitle })
    await cover.waitFor()
    await expectNoAxeViolations(page, 'paused session')
    // The form behind the cover cannot be reached, not even by reloading the page.
    expect(await page.locator('main').getAttribute('inert')).not.toBeNull()
    await page.reload()
    await cover.waitFor()
    expect(await page.locator('main').getAttribute('inert')).not.toBeNull()
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name))).toContain('abh-digital')

    // Back online: the draft reaches the server, then the device is wiped by itself.
    await context.setOffline(false)
    await page.clock.fastForward('00:20')
    await page.waitForURL((url) => url.searchParams.get('ended') === 'idle', { timeout: 30_000 })
    await page.getByTestId('wiped').waitFor()
    const storage = await deviceStorage(page)
    expect(storage.databases).toEqual([])
    expect(storage.localStorage).toEqual([])
    expect(await withStorage(async ({ db }) => (await db.selectFrom('drafts').select('id').where('answers', 'like', '%Nguy%').execute()).length)).toBe(1)
    await context.close()
  })
})

describe('ending an assisted session with unsent data', () => {
  it('is refused until staff discard the data explicitly, then leaves nothing behind', async () => {
    const context = await newContext(env.browser)
    const page = await assistedDraftOffline(context, 'empfang.drei', 'settlement', 'Verworfen')

    await page.getByTestId('end-assisted').click()
    await page.getByTestId('unsynced').waitFor()
    expect(await page.getByTestId('end-session').isDisabled()).toBe(true)
    await expectNoAxeViolations(page, 'end refused')
    await page.getByTestId('discard').check()
    // The application was never finished: staff confirm the visitor will not go on with it.
    await page.getByTestId('unfinished').waitFor()
    expect(await page.getByTestId('end-session').isDisabled()).toBe(true)
    await page.getByTestId('handed-over').check()
    await page.getByTestId('end-session').click()
    await page.getByTestId('wiped').waitFor()
    const storage = await deviceStorage(page)
    expect(storage.databases).toEqual([])
    expect(storage.localStorage).toEqual([])
    await context.setOffline(false)
    expect(await withStorage(async ({ db }) => (await db.selectFrom('drafts').select('id').where('answers', 'like', '%Verworfen%').execute()).length)).toBe(0)
    await context.close()
  })
})

describe('the cover of a paused session', () => {
  it('is lifted only with the password of the member of staff who started the session, who stays signed out', async () => {
    const context = await newContext(env.browser)
    const page = await assistedDraftOffline(context, 'empfang.vier', 'humanitarian', 'Wartend', true)
    await page.clock.fastForward('11:00')
    const cover = page.getByRole('alertdialog', { name: visitorDe.assist.pausedTitle })
    await cover.waitFor()
    await context.setOffline(false)

    const passwordField = cover.getByLabel(visitorDe.assist.resumePassword.replace('{name}', 'empfang.vier'))
    await passwordField.fill('not-the-password-at-all')
    await cover.getByRole('button', { name: visitorDe.assist.resume }).click()
    await cover.getByRole('alert').filter({ hasText: staffDe.errors.unauthorized }).waitFor()
    expect(await cover.isVisible()).toBe(true)
    await passwordField.fill(password)
    await cover.getByRole('button', { name: visitorDe.assist.resume }).click()
    await cover.waitFor({ state: 'detached' })
    expect(await page.locator('main').getAttribute('inert')).toBeNull()
    expect(await page.locator('#field-surname').inputValue()).toBe('Wartend')
    expect((await page.request.get(`${env.server.baseUrl}/api/staff/today`)).status()).toBe(401)
    await context.close()
  })
})

describe('an assisted session in the visitor’s language', () => {
  it('starts in the language the front desk chose, the session bar in it too', async () => {
    const context = await newContext(env.browser)
    const page = await signedIn(context, 'empfang.sprache', 'frontdesk')
    await page.getByRole('link', { name: staffDe.assist.title }).first().click()
    await page.getByLabel(staffDe.assist.visitorLanguage).selectOption('ar')
    await page.getByRole('listitem').filter({ hasText: de.services.settlement.title }).getByRole('button', { name: staffDe.assist.start }).click()
    await page.getByRole('region', { name: visitorAr.assist.barLabel }).waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    await expectNoAxeViolations(page, 'assisted session in Arabic')
    await context.close()
  })
})
