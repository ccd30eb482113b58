import { createHash } from 'node:crypto'

// tus requests without a client library, for the answers tus-js-client only reports as a status.

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** What the device declares for page 1 of a checklist item. */
export const pageMetadata = (draftId: string, documentId: string, bytes: Buffer, slot = 'passport') => ({ documentId, draftId, slot, page: '1', sha256: sha256(bytes) })

export const tusHeaders = (token: string, headers: Record<string, string> = {}) => ({ 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, ...headers })

export function createUpload(baseUrl: string, token: string, length: number, metadata: Record<string, string>): Promise<Response> {
  const encoded = Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',')
  return fetch(`${baseUrl}/api/uploads`, { method: 'POST', headers: tusHeaders(token, { 'upload-length': String(length), 'upload-metadata': encoded }) })
}

export const patchUpload = (url: string, token: string, offset: number, bytes: Buffer) =>
  fetch(url, { method: 'PATCH', headers: tusHeaders(token, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(bytes) })
