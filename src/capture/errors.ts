/** Why a file could not become a page; each code has a message under `capture.errors.`. */
export type CaptureErrorCode = 'UNSUPPORTED_TYPE' | 'PDF_TOO_LARGE' | 'IMAGE_TOO_LARGE' | 'UNREADABLE_IMAGE' | 'ENCODING_FAILED'

export class CaptureError extends Error {
  constructor(readonly code: CaptureErrorCode) {
    super(code)
    this.name = 'CaptureError'
  }

  get messageKey(): string {
    return `capture.errors.${this.code}`
  }
}

export function isCaptureErrorCode(value: unknown): value is CaptureErrorCode {
  return typeof value === 'string' && ['UNSUPPORTED_TYPE', 'PDF_TOO_LARGE', 'IMAGE_TOO_LARGE', 'UNREADABLE_IMAGE', 'ENCODING_FAILED'].includes(value)
}
