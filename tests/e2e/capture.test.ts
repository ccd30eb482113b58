import { createHash } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import de from '@/i18n/locales/de.json'
import { readStoredPages } from './deviceData'
import { makePhotoJpeg } from './syntheticPhoto'
import { expectNoAxeViolations, newContext, singularOf, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()

/** Offline from the start (after the app was installed once), with a new naturalisation draft on its documents step. */
async function openDocumentsOffline() {
  const context = await newContext(env.browser, { viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  await page.goto(env.server.baseUrl)
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
  await page.getByRole('button', { name: de.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
  await page.goto(`${env.server.baseUrl}/applications/${draftId}/documents`)
  await page.getByRole('heading', { level: 1, name: de.capture.stepTitle }).waitFor()
  return { context, page, draftId }
}

/** Inserts an EXIF APP1 segment with the given orientation right after the JPEG's start marker. */
function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0, 0, 0])
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff])
  const header = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff])
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)])
}

const slot = (page: Page, item: string) => page.locator(`section[data-checklist-item="${item}"]`)
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('capturing documents offline', () => {
  it('shrinks a 12-megapixel photo to a small JPEG with the right hash, and keeps it through a reload', async () => {
    const { context, page, draftId } = await openDocumentsOffline()
    await expectNoAxeViolations(page, 'documents step')
    const photo = await makePhotoJpeg(page, 4000, 3000)
    expect(photo.length).toBeGreaterThan(1_000_000)

    await slot(page, 'passport').getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo })
    await slot(page, 'passport').locator('li[data-page-id]').waitFor()
    const [stored] = await readStoredPages(page, draftId)
    const bytes = Buffer.from(stored?.base64 ?? '', 'base64')
    expect(stored).toMatchObject({ slot: 'passport', mimeType: 'image/jpeg', width: 2000, height: 1500 })
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    expect(bytes.length).toBeLessThanOrEqual(500 * 1024)
    expect(stored?.sha256).toBe(sha256(bytes))
    await expectNoAxeViolations(page, 'documents step with a page')

    await page.reload()
    await slot(page, 'passport').locator('li[data-page-id]').waitFor()
    await slot(page, 'passport').getByRole('img').evaluate((image: HTMLImageElement) => image.decode())
    expect((await readStoredPages(page, draftId)).map((page) => page.sha256)).toEqual([stored?.sha256])
    await expect(page.getByTestId('document-usage').textContent()).resolves.toMatch(/\d.*(kB|MB)/)
    await context.close()
  })

  it('keeps a PDF byte for byte and refuses HEIC and unknown files with a clear message', async () => {
    const { context, page, draftId } = await openDocumentsOffline()
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
    await slot(page, 'birthCertificate').getByTestId('file-input').setInputFiles({ name: 'geburtsurkunde.pdf', mimeType: 'application/pdf', buffer: pdf })
    await slot(page, 'birthCertificate').locator('li[data-page-id]').waitFor()
    const [stored] = await readStoredPages(page, draftId)
    expect(stored?.mimeType).toBe('application/pdf')
    expect(Buffer.from(stored?.base64 ?? '', 'base64').equals(pdf)).toBe(true)
    expect(stored?.sha256).toBe(sha256(pdf))

    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64)])
    await slot(page, 'passport').getByTestId('file-input').setInputFiles({ name: 'IMG_0002.HEIC', mimeType: 'image/heic', buffer: heic })
    await slot(page, 'passport').getByRole('alert').filter({ hasText: de.capture.errors.UNSUPPORTED_TYPE }).waitFor()
    // Named like a photo, but it is not one: the bytes decide.
    await slot(page, 'biometricPhoto').getByTestId('file-input').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just some text') })
    await slot(page, 'biometricPhoto').getByRole('alert').filter({ hasText: de.capture.errors.UNSUPPORTED_TYPE }).waitFor()
    expect(await readStoredPages(page, draftId)).toHaveLength(1)
    await expectNoAxeViolations(page, 'documents step with errors')
    await context.close()
  })

  it('reorders, retakes and deletes pages, and the checklist follows', async () => {
    const { context, page, draftId } = await openDocumentsOffline()
    const input = slot(page, 'passport').getByTestId('file-input')
    const first = await makePhotoJpeg(page, 1600, 1200)
    const second = await makePhotoJpeg(page, 1200, 1600)
    await input.setInputFiles([
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: first },
      { name: 'b.jpg', mimeType: 'image/jpeg', buffer: second },
    ])
    await expect.poll(() => slot(page, 'passport').locator('li[data-page-id]').count()).toBe(2)
    const before = await readStoredPages(page, draftId)
    expect(before.map((stored) => [stored.width, stored.height])).toEqual([[1600, 1200], [1200, 1600]])

    await slot(page, 'passport').getByRole('button', { name: de.capture.moveDown }).first().click()
    await expect.poll(async () => (await readStoredPages(page, draftId)).map((stored) => stored.id)).toEqual([before[1]?.id, before[0]?.id])

    await slot(page, 'passport').getByRole('button', { name: de.capture.retake }).first().click()
    await slot(page, 'passport').getByTestId('photo-input').setInputFiles({ name: 'c.jpg', mimeType: 'image/jpeg', buffer: first })
    await expect.poll(async () => (await readStoredPages(page, draftId)).map((stored) => stored.width)).toEqual([1600, 1600])

    await slot(page, 'passport').getByRole('button', { name: de.capture.delete }).first().click()
    await expect.poll(() => slot(page, 'passport').locator('li[data-page-id]').count()).toBe(1)

    await page.getByRole('button', { name: de.draft.toReview }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/review'))
    const passportItem = page.locator('[data-checklist-item="passport"]')
    await expect(passportItem.textContent()).resolves.toContain(singularOf(de.documents.pagesAdded))
    await context.close()
  })

  it('applies the EXIF rotation of a portrait photo without distorting it', async () => {
    const { context, page, draftId } = await openDocumentsOffline()
    // A phone held upright stores a landscape picture plus "rotate 90°" (orientation 6) in EXIF.
    const landscape = await makePhotoJpeg(page, 1600, 1200)
    const rotated = withExifOrientation(landscape, 6)
    await slot(page, 'passport').getByTestId('photo-input').setInputFiles({ name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: rotated })
    await slot(page, 'passport').locator('li[data-page-id]').waitFor()
    const [stored] = await readStoredPages(page, draftId)
    expect([stored?.width, stored?.height]).toEqual([1200, 1600])
    // Re-encoding drops EXIF (and with it any GPS position).
    expect(Buffer.from(stored?.base64 ?? '', 'base64').includes(Buffer.from('Exif\0\0'))).toBe(false)
    await context.close()
  })

  it('works without OffscreenCanvas, on the page instead of a worker', async () => {
    const maker = await newContext(env.browser)
    const photo = await makePhotoJpeg(await maker.newPage(), 3000, 2000)
    await maker.close()
    const context = await newContext(env.browser)
    await context.addInitScript(() => {
      // Older Safari: no OffscreenCanvas.
      Reflect.deleteProperty(globalThis, 'OffscreenCanvas')
    })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
    await page.goto(`${env.server.baseUrl}/applications/${draftId}/documents`)
    await slot(page, 'passport').getByTestId('photo-input').setInputFiles({ name: 'old-phone.jpg', mimeType: 'image/jpeg', buffer: photo })
    await slot(page, 'passport').locator('li[data-page-id]').waitFor()
    const [stored] = await readStoredPages(page, draftId)
    expect(stored).toMatchObject({ mimeType: 'image/jpeg', width: 2000, height: 1333 })
    await context.close()
  })

  it('gives quality advice on a dark photo without blocking it', async () => {
    const { context, page, draftId } = await openDocumentsOffline()
    const dark = Buffer.from(
      await page.evaluate(async () => {
        const canvas = new OffscreenCanvas(1600, 1200)
        const context = canvas.getContext('2d')!
        context.fillStyle = '#141414'
        context.fillRect(0, 0, 1600, 1200)
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
        return btoa(String.fromCharCode(...new Uint8Array(await blob.arrayBuffer())))
      }),
      'base64',
    )
    await slot(page, 'passport').getByTestId('photo-input').setInputFiles({ name: 'dark.jpg', mimeType: 'image/jpeg', buffer: dark })
    const advice = page.getByRole('group', { name: de.capture.adviceHeading })
    await advice.waitFor()
    await expect(advice.textContent()).resolves.toContain(de.capture.advice.dark)
    await expectNoAxeViolations(page, 'quality advice')
    await advice.getByRole('button', { name: de.capture.keepAnyway }).click()
    await advice.waitFor({ state: 'detached' })
    expect((await readStoredPages(page, draftId)).map((stored) => stored.qualityFlags)).toEqual([expect.arrayContaining(['dark'])])
    await context.close()
  })
})
