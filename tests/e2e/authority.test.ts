import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffDe from '@/i18n/staff/de.json'
import { authorityProfile } from '../unit/authorityFactories'
import { updateAuthorityProfile } from '../../server/services/authority.js'
import { addStaff } from '../../server/services/staff.js'
import { signedInStaff, withServerStorage } from './staffSignIn'
import { expectNoAxeViolations, newContext, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()
const password = 'ein-langes-passwort-42'
// Screenshots of the applicant screens this feature changes, to look at (not compared).
const shots = path.join(process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), 'abh-screenshots'), 'authority')
mkdirSync(shots, { recursive: true })

const locales = [
  { code: 'de', tag: 'de-DE', messages: de },
  { code: 'ar', tag: 'ar-SY', messages: ar },
] as const
const widths = [390, 320]

/** Saves the profile as the editor sends it, from a signed-in admin's page. */
async function saveProfile(page: Page, profile = authorityProfile()): Promise<void> {
  const status = await page.evaluate(async (body) => {
    const response = await fetch('/api/staff/authority', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return response.status
  }, profile)
  expect(status).toBe(200)
}

const signedInAdmin = (context: BrowserContext, username: string) => signedInStaff(context, env.server, username, 'admin', password)

/** Looks at an applicant screen in both languages and both phone widths: axe finds nothing, the page has no placeholder, a screenshot is kept. */
async function lookAt(path: string, name: string, check: (page: Page, messages: typeof de | typeof ar) => Promise<void>) {
  for (const { code, tag, messages } of locales) {
    for (const width of widths) {
      const context = await newContext(env.browser, { locale: tag, viewport: { width, height: 800 } })
      const page = await context.newPage()
      await page.goto(`${env.server.baseUrl}${path}`)
      await page.locator('main h1').waitFor()
      await check(page, messages)
      expect(await page.locator('body').innerText()).not.toMatch(/Platzhalter|placeholder|عنصر نائب|[{}[\]]/)
      await expectNoAxeViolations(page, `${path} ${code} ${width}`)
      await page.screenshot({ path: `${shots}/${name}-${code}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
}

describe('before the authority is configured', () => {
  it('applicants see a neutral header and legal pages that say the details are being prepared', async () => {
    await lookAt('/imprint', 'imprint-not-configured', async (page, messages) => {
      await page.getByTestId('legal-not-configured').waitFor()
      expect(await page.getByTestId('header-authority').textContent()).toBe(messages.app.authority)
    })
  })

  it('staff are told, and the admin finds the editor, sees every missing field named and an accessible form', async () => {
    const context = await newContext(env.browser)
    const page = await signedInAdmin(context, 'verwaltung.eins')
    await page.getByTestId('staff-authority-notice').waitFor()
    await expectNoAxeViolations(page, 'staff home with the notice')
    await page.getByRole('link', { name: staffDe.authority.configureNow }).click()
    const editor = page.getByTestId('authority-editor')
    await editor.getByTestId('authority-not-configured').waitFor()
    await editor.getByRole('button', { name: staffDe.authority.save }).click()
    await page.locator('.form-error-summary').waitFor()
    expect(await editor.getByLabel(staffDe.authority.fields.email, { exact: true }).getAttribute('aria-invalid')).toBe('true')
    await expectNoAxeViolations(page, 'authority editor with errors')
    await context.close()
  })
})

describe('once the authority is configured', () => {
  // Each test may run alone: the profile is there from the start.
  beforeAll(async () => {
    await withServerStorage(env.server, async (storage) => {
      const admin = await addStaff(storage, 'verwaltung.start', password, 'admin')
      await updateAuthorityProfile(storage, admin.id, authorityProfile())
    })
  })

  it('the admin saves the profile, the preview and the audit log show it', async () => {
    const context = await newContext(env.browser)
    const page = await signedInAdmin(context, 'verwaltung.zwei')
    await page.goto(`${env.server.baseUrl}/staff/admin`)
    const editor = page.getByTestId('authority-editor')
    await editor.waitFor()
    // The many fields are typed by the component test; here one field is typed into a profile saved before.
    await saveProfile(page, authorityProfile({ phone: '+49 1234 00-0' }))
    await page.reload()
    const phone = editor.getByLabel(staffDe.authority.fields.phone, { exact: true })
    // The stored profile is in the form before anything is typed into it.
    await expect.poll(() => phone.inputValue()).toBe('+49 1234 00-0')
    await phone.fill('+49 1234 56-0')
    await editor.getByTestId('preview-header').getByText('Stadt Musterstadt – Ausländerbehörde').waitFor()
    await editor.getByRole('button', { name: staffDe.authority.save }).click()
    await editor.getByRole('status').getByText(staffDe.authority.saved).waitFor()
    await expectNoAxeViolations(page, 'authority editor with preview')
    await page.reload()
    await page.getByTestId('audit-log').getByText('authority.updated').first().waitFor()
    expect(await page.getByTestId('header-authority').textContent()).toBe('Stadt Musterstadt – Ausländerbehörde')
    await context.close()
  })

  it('applicants see the authority by name in the header and on the legal pages, with the German-binding note in translations', async () => {
    await lookAt('/imprint', 'imprint', async (page, messages) => {
      await page.getByText('Oberbürgermeisterin Erika Mustermann', { exact: false }).waitFor()
      expect(await page.getByTestId('header-authority').textContent()).toBe(`Stadt Musterstadt – ${messages === de ? 'Ausländerbehörde' : 'دائرة شؤون الأجانب'}`)
      expect(await page.getByTestId('german-binding').count()).toBe(messages === de ? 0 : 1)
    })
    await lookAt('/privacy', 'privacy', async (page) => {
      await page.getByText('Landesbeauftragte für den Datenschutz Musterland', { exact: false }).waitFor()
    })
  })

  it('applicants keep the authority’s name and legal details offline, from the service worker’s copy', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await page.goto(`${env.server.baseUrl}/imprint`)
    await page.getByText('Oberbürgermeisterin Erika Mustermann', { exact: false }).waitFor()
    await context.setOffline(true)
    await page.reload()
    await page.getByText('Oberbürgermeisterin Erika Mustermann', { exact: false }).waitFor()
    expect(await page.getByTestId('header-authority').textContent()).toBe('Stadt Musterstadt – Ausländerbehörde')
    await context.close()
  })

  it('a booking confirmation and "Meine Termine" give the place with its full address, opening hours and map link', async () => {
    for (const { code, tag, messages } of locales) {
      for (const width of widths) {
        const context = await newContext(env.browser, { locale: tag, viewport: { width, height: 800 } })
        const page = await context.newPage()
        await page.goto(`${env.server.baseUrl}/contact/in-person`)
        await page.getByLabel(messages.booking.topicLabel).selectOption('biometrics')
        await page.locator('fieldset').getByRole('radio').first().check()
        await page.getByRole('button', { name: messages.booking.book }).click()
        const place = page.getByTestId('booking-confirmation').getByTestId('booking-place')
        await place.waitFor()
        expect(await place.getByTestId('booking-place-address').innerText()).toBe('Nordring 7\n12347 Musterstadt')
        expect(await place.innerText()).toContain('Außenstelle Nord')
        expect(await place.getByRole('link', { name: messages.booking.map }).getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=50.2&mlon=8.7')
        await expectNoAxeViolations(page, `confirmation ${code} ${width}`)
        await page.screenshot({ path: `${shots}/confirmation-${code}-${width}.png`, fullPage: true })
        await page.goto(`${env.server.baseUrl}/appointments`)
        const listed = page.getByTestId('appointment-list').getByTestId('booking-place').first()
        await listed.waitFor()
        expect(await listed.innerText()).toContain('Di und Do 8–12 Uhr')
        await expectNoAxeViolations(page, `appointments ${code} ${width}`)
        await page.screenshot({ path: `${shots}/appointments-${code}-${width}.png`, fullPage: true })
        await context.close()
      }
    }
  })

  it('a reply by post prints as a letter on A4 with the authority’s letterhead, and nothing of the app around it', async () => {
    const context = await newContext(env.browser)
    const page = await signedInAdmin(context, 'verwaltung.drei')
    const applicant = await context.newPage()
    await applicant.goto(`${env.server.baseUrl}/contact/written`)
    await applicant.getByLabel(de.booking.topicLabel).selectOption('general')
    await applicant.getByLabel(de.booking.messageLabel).fill('Bitte schicken Sie mir die Antwort per Post.')
    await applicant.getByLabel(de.booking.replyRoutes.post).check()
    await applicant.getByLabel(de.booking.addressLabel).fill('Amira Beispiel\nLindenweg 5\n12345 Musterstadt')
    await applicant.getByRole('button', { name: de.booking.send }).click()
    const reference = /T-[0-9A-Z]{8}/.exec((await applicant.getByTestId('booking-confirmation').textContent()) ?? '')?.[0] ?? ''
    expect(reference).not.toBe('')

    await page.goto(`${env.server.baseUrl}/staff/today`)
    const card = page.getByTestId('written').locator(':scope > li').filter({ hasText: reference })
    await card.getByLabel(staffDe.today.reply.replace('{reference}', reference)).fill('Ihre Unterlagen sind vollständig.\nMit dem Termin können Sie Ihren Titel abholen.')
    await card.getByRole('button', { name: staffDe.letter.show }).click()
    const letter = card.getByTestId('reply-letter')
    await letter.getByTestId('letterhead').getByText('Stadt Musterstadt').waitFor()
    expect(await letter.getByTestId('letter-recipient').innerText()).toBe('Amira Beispiel\nLindenweg 5\n12345 Musterstadt')
    await expectNoAxeViolations(page, 'letter on screen')

    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('#app').isVisible()).toBe(false)
    const printed = page.locator('.staff-reply-letter-print')
    expect(await printed.isVisible()).toBe(true)
    const text = await printed.innerText()
    expect(text).toContain('Rathausplatz 1')
    expect(text).toContain(reference)
    expect(text).toContain('Ihre Unterlagen sind vollständig.')
    expect(text).not.toContain(staffDe.nav.signOut)
    await page.screenshot({ path: `${shots}/letter-print.png`, fullPage: true })
    const pdf = await page.pdf({ preferCSSPageSize: true })
    // One A4 page: 595 × 842 points.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1)
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/)
    await context.close()
  })
})
