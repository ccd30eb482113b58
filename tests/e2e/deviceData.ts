import type { Page } from 'playwright-core'
import type { ApplicantCredentials } from '@/domain/sync'

// Reading what the app stored on the device, straight from IndexedDB, for the browser tests.

export interface StoredPage {
  id: string
  slot: string
  mimeType: string
  sha256: string
  width: number | null
  height: number | null
  qualityFlags: string[]
  base64: string
}

/** Reads the pages stored for a draft straight from IndexedDB, as the app wrote them. */
export function readStoredPages(page: Page, draftId: string): Promise<StoredPage[]> {
  return page.evaluate(
    (draftId) =>
      new Promise<StoredPage[]>((resolve, reject) => {
        const request = indexedDB.open('abh-digital')
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const all = request.result.transaction('documents').objectStore('documents').getAll()
          all.onerror = () => reject(all.error)
          all.onsuccess = () => {
            const rows = (all.result as (Omit<StoredPage, 'base64'> & { draftId: string; page: number; bytes: ArrayBuffer })[])
              .filter((row) => row.draftId === draftId)
              .sort((a, b) => a.page - b.page)
            request.result.close()
            resolve(
              rows.map((row) => {
                if (!(row.bytes instanceof ArrayBuffer)) throw new Error('bytes are not an ArrayBuffer')
                const bytes = new Uint8Array(row.bytes)
                let binary = ''
                for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000))
                return { id: row.id, slot: row.slot, mimeType: row.mimeType, sha256: row.sha256, width: row.width, height: row.height, qualityFlags: row.qualityFlags, base64: btoa(binary) }
              }),
            )
          }
        }
      }),
    draftId,
  )
}

/** The device's applicant credentials, read straight from IndexedDB. */
export function credentialsOf(page: Page): Promise<ApplicantCredentials | undefined> {
  return page.evaluate(
    () =>
      new Promise<ApplicantCredentials | undefined>((resolve, reject) => {
        const open = indexedDB.open('abh-digital')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get('credentials')
          get.onsuccess = () => {
            open.result.close()
            resolve((get.result as { value?: ApplicantCredentials } | undefined)?.value)
          }
        }
      }),
  )
}
