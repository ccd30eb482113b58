import { describe, expect, it } from 'vitest'
import { openDocumentRequest, type ApplicationStatusView } from '@/domain/applicationStatus'

const base: ApplicationStatusView = {
  reference: 'ABH-2026-000007',
  draftId: '5c1e0a8e-7d3b-4f6a-9c2d-1b0e9f8a7c6d',
  serviceId: 'residence-study',
  status: 'documentsRequested',
  submittedAt: '2026-11-30T10:00:00.000Z',
  timeline: [
    { status: 'submitted', at: '2026-11-30T10:00:00.000Z' },
    { status: 'documentsRequested', at: '2026-12-01T09:00:00.000Z', requestedDocuments: ['languageCertificate', 'rentalContract'], dueDate: '2026-12-15' },
  ],
  documents: [{ slot: 'rentalContract', page: 1, mimeType: 'image/jpeg', size: 10, receivedAt: '2026-11-30T09:59:00.000Z' }],
}

describe('an open document request', () => {
  it('carries its due date and counts a page as received only when it reached the authority after the request', () => {
    const answered = { ...base, documents: [...base.documents, { slot: 'languageCertificate', page: 1, mimeType: 'image/jpeg', size: 10, receivedAt: '2026-12-01T10:00:00.000Z' }] }
    expect(openDocumentRequest(answered)).toEqual({
      requestedAt: '2026-12-01T09:00:00.000Z',
      dueDate: '2026-12-15',
      // The rental contract sent with the submission does not answer a request made after it.
      items: [{ id: 'languageCertificate', receivedAt: '2026-12-01T10:00:00.000Z' }, { id: 'rentalContract' }],
    })
  })

  it('is no request once the authority has moved on', () => {
    expect(openDocumentRequest({ ...base, status: 'inReview' })).toBeUndefined()
    expect(openDocumentRequest(undefined)).toBeUndefined()
  })
})
