import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import { visibleSteps } from '@/domain/applications/validation'
import type { ServiceId } from '@/domain/catalogue'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { validAnswers } from '../unit/applicationFactories'
import { answer, expectAnswer, expectStepAnswers, fillApplication, fillStep } from './applicationFlow'
import { expectNoAxeViolations, newContext, useAppAndBrowser, waitForServiceWorkerControl, watchForErrors } from './support'

const env = useAppAndBrowser()

const stepIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1) ?? ''

interface Scenario {
  serviceId: ServiceId
  locale: string
  messages: typeof de
  answers: Answers
}

const scenarios: Scenario[] = [
  {
    serviceId: 'naturalisation',
    locale: 'ar-SY',
    messages: ar,
    answers: validAnswers('naturalisation', { maritalStatus: 'married', marriageDate: '2014-07-20', spouseIncluded: 'yes', childrenIncluded: '1', childrenDetails: 'سامي حداد، 2016-01-09' }),
  },
  {
    serviceId: 'residence-employment',
    locale: 'de-DE',
    messages: de,
    answers: validAnswers('residence-employment', { surname: 'Nguyễn', givenNames: 'Thị Minh', nationality: 'VN', contractType: 'fixedTerm', contractEnd: '2029-12-31' }),
  },
]

describe('an application filled in completely offline', () => {
  it.each(scenarios)('keeps every answer of a $serviceId application ($locale) through a reload and a closed page', async ({ serviceId, locale, messages, answers }) => {
    const context = await newContext(env.browser, { locale, viewport: { width: 390, height: 844 } })
    let page = await context.newPage()
    const errors = watchForErrors(page)
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)

    await page.goto(`${env.server.baseUrl}/apply/${serviceId}`)
    await page.getByRole('button', { name: messages.start.begin }).waitFor()
    await expectNoAxeViolations(page, 'start')
    await page.getByRole('button', { name: messages.start.begin }).click()

    const steps = visibleSteps(applicationForms[serviceId], answers).map((step) => step.id)
    for (const [index, stepId] of steps.entries()) {
      await page.waitForURL((url) => url.pathname.endsWith(`/${stepId}`))
      await expectNoAxeViolations(page, stepId)
      await fillStep(page, serviceId, stepId, answers)

      if (index === 2) {
        // Reload in the middle of a step: what was typed is back, on the same step.
        await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
        await page.reload()
        await page.locator(`#field-${applicationForms[serviceId].steps.find((step) => step.id === stepId)?.fields[0]?.name}`).waitFor()
        expect(stepIdOf(page)).toBe(stepId)
        await expectStepAnswers(page, serviceId, stepId, answers)
      }
      if (index === 4) {
        // Close the page and come back through "My applications": it continues exactly here.
        await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
        await page.close()
        page = await context.newPage()
        errors.push(...watchForErrors(page))
        await page.goto(`${env.server.baseUrl}/applications`)
        // The app mounts once its language is loaded: check the page, not the empty shell before it.
        await page.getByRole('link', { name: messages.applications.continue }).waitFor()
        await expectNoAxeViolations(page, 'my applications')
        await page.getByRole('link', { name: messages.applications.continue }).click()
        await page.waitForURL((url) => url.pathname.endsWith(`/${stepId}`))
        await expectStepAnswers(page, serviceId, stepId, answers)
      }
      await page.locator('form button[type="submit"]').click()
    }

    await page.waitForURL((url) => url.pathname.endsWith('/documents'))
    await page.getByRole('button', { name: messages.draft.toReview }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/review'))
    await expectNoAxeViolations(page, 'review')
    const status = page.getByTestId('review-status')
    await expect(status.textContent()).resolves.toContain(messages.review.answersComplete)
    expect(await page.locator('.draft-review__status--incomplete').count()).toBe(0)
    expect(await page.locator('.draft-review__status--complete').count()).toBe(steps.length)
    // Required documents come with document capture: until then sending stays disabled, and says why.
    expect(await page.getByRole('button', { name: messages.review.submit }).getAttribute('aria-disabled')).toBe('true')

    // Going back to an earlier step shows the answers given there.
    await page.goto(`${env.server.baseUrl}/applications`)
    await page.getByRole('link', { name: messages.applications.continue }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/review'))
    await page.goto(`${env.server.baseUrl}/applications/${page.url().split('/').at(-2)}/personal`)
    await expectStepAnswers(page, serviceId, 'personal', answers)
    expect(errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])
    await context.close()
  })
})

describe('a step with mistakes', () => {
  it('stays on the step, lists the mistakes at the top and keeps what was typed', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/residence-study`)
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    await answer(page, 'surname', 'Шевченко')
    await answer(page, 'dateOfBirth', '2031-01-01')
    await page.locator('form button[type="submit"]').click()
    const summary = page.getByRole('group', { name: de.draft.errorSummaryTitle })
    await summary.waitFor()
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
    await expect(summary.textContent()).resolves.toContain(de.validation.dateNotInFuture)
    await expectNoAxeViolations(page, 'step with errors')
    await summary.getByRole('link', { name: new RegExp(de.fields.placeOfBirth.label) }).click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-placeOfBirth')
    expect(stepIdOf(page)).toBe('personal')
    await page.reload()
    await expectAnswer(page, 'surname', 'Шевченко')
    await context.close()
  })
})

describe('the other services', () => {
  it.each([
    { serviceId: 'residence-study' as const, answers: validAnswers('residence-study') },
    { serviceId: 'settlement' as const, answers: validAnswers('settlement', { integrationProof: 'b1AndOrientationCourse' }) },
    {
      serviceId: 'humanitarian' as const,
      answers: validAnswers('humanitarian', { travelDocumentKind: 'none', noTravelDocumentReason: 'Die Botschaft stellt keine Pässe aus.' }),
    },
  ])('can be filled in completely offline: $serviceId', async ({ serviceId, answers }) => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)
    await fillApplication(page, env.server.baseUrl, serviceId, answers)
    await page.getByRole('button', { name: de.draft.toReview }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/review'))
    await expect(page.getByTestId('review-status').textContent()).resolves.toContain(de.review.answersComplete)
    await context.close()
  })
})

describe('my applications', () => {
  it('deletes a draft only after confirmation', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/settlement`)
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    await page.goto(`${env.server.baseUrl}/applications`)
    await page.getByRole('button', { name: de.applications.delete }).click()
    await expectNoAxeViolations(page, 'delete confirmation')
    await page.getByRole('button', { name: de.applications.deleteCancel }).click()
    expect(await page.getByTestId('draft-list').locator(':scope > li').count()).toBe(1)
    await page.getByRole('button', { name: de.applications.delete }).click()
    await page.getByRole('button', { name: de.applications.deleteConfirm }).click()
    await page.getByText(de.applications.empty).waitFor()
    await page.reload()
    await page.getByText(de.applications.empty).waitFor()
    await context.close()
  })
})

describe('a full disk', () => {
  it('refuses to start an application with a clear message when the browser has no space left', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
    // Chromium's own quota override makes the first IndexedDB write fail with QuotaExceededError.
    const cdp = await context.newCDPSession(page)
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(env.server.baseUrl).origin, quotaSize: 1 })
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.getByRole('alert').filter({ hasText: de.storage.STORAGE_FULL }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/apply/naturalisation')
    await expectNoAxeViolations(page, 'disk full at start')
    await context.close()
  })

  it('says so clearly while typing, keeps everything saved before, and stores the change on retry', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    await answer(page, 'surname', 'Yılmaz')
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()

    // Chromium checks its quota override only when a database is opened, so an open database
    // running full is simulated: every write throws the QuotaExceededError a full disk gives.
    await page.evaluate(() => {
      const original = IDBObjectStore.prototype.put
      Object.assign(window, { restorePut: () => (IDBObjectStore.prototype.put = original) })
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      }
    })
    await answer(page, 'placeOfBirth', 'İzmir')
    await page.getByRole('alert').filter({ hasText: de.storage.STORAGE_FULL }).waitFor()
    await expectNoAxeViolations(page, 'disk full while typing')

    await page.evaluate(() => (window as unknown as { restorePut: () => void }).restorePut())
    await page.getByRole('button', { name: de.storage.retry }).click()
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
    await page.reload()
    await expectAnswer(page, 'surname', 'Yılmaz')
    await expectAnswer(page, 'placeOfBirth', 'İzmir')
    await context.close()
  })
})
