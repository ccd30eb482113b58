import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { ApplicationStatusView } from '@/domain/applicationStatus'
import type { ServerDraft } from '@/domain/sync'
import de from '@/i18n/locales/de.json'
import { validAnswers } from '../unit/applicationFactories'
import { captureRequiredDocuments, fillApplication } from './applicationFlow'
import { recordStatusEvent } from '../../server/services/applications.js'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import { credentialsOf, readStoredPages } from './deviceData'
import { makePhotoJpeg } from './syntheticPhoto'
import { expectNoAxeViolations, newContext, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()
const answers = validAnswers('residence-study')

/** What the server holds for this device's applicant, asked over the API with its token. */
async function serverState(page: Page, draftId: string) {
  const token = (await credentialsOf(page))?.token ?? ''
  const get = async (path: string) => {
    const response = await page.request.get(`${env.server.baseUrl}/api${path}`, { headers: { authorization: `Bearer ${token}` } })
    return { status: response.status(), body: response.ok() ? ((await response.json()) as unknown) : undefined }
  }
  const pages = await readStoredPages(page, draftId)
  const documents = await Promise.all(pages.map((stored) => get(`/documents/${stored.id}`)))
  return {
    drafts: (await get('/drafts')).body as ServerDraft[],
    applications: (await get('/applications')).body as ApplicationStatusView[],
    documents: documents.map((document) => (document.body as { sha256?: string } | undefined)?.sha256 ?? document.status),
    localHashes: pages.map((stored) => stored.sha256),
  }
}

/** Fills and photographs a complete application with the network off, and queues its submission. */
async function prepareOffline(context: BrowserContext) {
  const page = await context.newPage()
  await page.goto(env.server.baseUrl)
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  const draftId = await fillApplication(page, env.server.baseUrl, 'residence-study', answers)
  const pages = await captureRequiredDocuments(page, 'residence-study', answers)
  await page.getByRole('button', { name: de.draft.toReview }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/review'))
  await page.getByRole('button', { name: de.review.submit }).click()
  await page.getByRole('status').filter({ hasText: de.review.submitQueued }).waitFor()
  // Pressed at the bottom of the review: the confirmation at the top takes the focus.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('draft-queued-heading')
  return { page, draftId, pages }
}

describe('sending a complete application', () => {
  it('arrives with every document once the connection is back, shows the receipt, and takes requested documents later', async () => {
    const context = await newContext(env.browser)
    const { page, draftId, pages } = await prepareOffline(context)
    await context.setOffline(false)
    const receipt = page.getByTestId('receipt')
    await receipt.waitFor({ timeout: 60_000 })
    await expect(receipt.textContent()).resolves.toMatch(/ABH-\d{4}-\d{6}/)
    // Received while the applicant waited: the focus follows from "queued" to the receipt.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('draft-receipt-title')
    await expectNoAxeViolations(page, 'receipt')
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })

    const state = await serverState(page, draftId)
    expect(state.drafts.map((draft) => draft.id)).toEqual([draftId])
    expect(state.applications).toHaveLength(1)
    expect(state.documents).toEqual(state.localHashes)
    expect(state.documents).toHaveLength(pages)

    // The authority asks for one more document; the applicant adds it to the submitted application, offline.
    const reference = state.applications[0]?.reference ?? ''
    const storage = await openSqliteStorage(env.server.dataDir)
    await recordStatusEvent(storage, reference, { status: 'documentsRequested', note: 'Bitte den Sprachnachweis.', requestedDocuments: ['languageCertificate'] })
    await storage.close()
    await page.reload()
    const requested = page.getByTestId('requested-documents')
    await requested.waitFor()
    await expect(page.getByTestId('status-timeline').textContent()).resolves.toContain(de.statuses.documentsRequested)
    await context.setOffline(true)
    await requested.getByTestId('photo-input').setInputFiles({ name: 'b1.jpg', mimeType: 'image/jpeg', buffer: await makePhotoJpeg(page, 1200, 900) })
    await requested.locator('li[data-page-id]').waitFor()
    await context.setOffline(false)
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    const after = await serverState(page, draftId)
    expect(after.documents).toHaveLength(pages + 1)
    expect(after.documents).toEqual(after.localHashes)

    // The receipt offers the visit that follows: fingerprints and photo for the residence card.
    await page.getByTestId('book-follow-up').click()
    await page.getByRole('heading', { level: 1, name: de.booking.channel['in-person'] }).waitFor()
    expect(await page.getByLabel(de.booking.topicLabel).inputValue()).toBe('biometrics')
    await page.locator('fieldset').getByRole('radio').first().check()
    await page.getByRole('button', { name: de.booking.book }).click()
    const bring = page.getByTestId('what-to-bring')
    await bring.waitFor()
    expect(await bring.locator('li').allTextContents()).toEqual([de.checklist.passport.title, de.checklist.biometricPhoto.title, de.checklist.currentResidenceDocument.title])
    await context.close()
  })
})

describe('a chaos run', () => {
  it('ends with every draft, document and submission on the server exactly once, and says all is saved', async () => {
    const context = await newContext(env.browser)
    const { page, draftId, pages } = await prepareOffline(context)

    // 30 % of API requests fail; the first answer to the submission is lost after the server handled it;
    // the server is killed and started again in the middle of an upload.
    let seed = 11
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 1000) / 1000
    let submissionAnswerLost = false
    let restarted: Promise<void> | undefined
    await context.route('**/api/**', async (route) => {
      const request = route.request()
      if (request.method() === 'POST' && request.url().endsWith('/api/applications') && !submissionAnswerLost) {
        submissionAnswerLost = true
        await route.fetch().catch(() => undefined)
        await route.abort('connectionreset')
        return
      }
      if (request.method() === 'PATCH' && request.url().includes('/api/uploads/') && !restarted) {
        restarted = env.server.restart()
        await route.abort('connectionreset')
        return
      }
      if (random() < 0.3) await route.abort('connectionreset')
      else await route.continue().catch(() => undefined)
    })
    await context.setOffline(false)

    // The page is reloaded while the sync is under way.
    await expect.poll(async () => (await readStoredPages(page, draftId)).length).toBe(pages)
    await page.waitForTimeout(1500)
    await page.reload()

    await page.getByTestId('receipt').waitFor({ timeout: 120_000 })
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 60_000 })
    await restarted
    await context.unroute('**/api/**')
    expect(submissionAnswerLost).toBe(true)
    expect(restarted).toBeDefined()

    const state = await serverState(page, draftId)
    expect(state.drafts.map((draft) => draft.id)).toEqual([draftId])
    expect(state.applications).toHaveLength(1)
    expect(state.applications[0]?.draftId).toBe(draftId)
    expect(state.documents).toEqual(state.localHashes)
    await context.close()
  }, 240_000)
})
