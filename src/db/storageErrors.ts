/** Storage failures the applicant must be told about, with their message keys. */
export type StorageErrorCode = 'STORAGE_FULL' | 'STORAGE_UNAVAILABLE' | 'STORAGE_FAILED'

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    options?: { cause?: unknown },
  ) {
    super(code, options)
    this.name = 'StorageError'
  }

  get messageKey(): string {
    return `storage.${this.code}`
  }
}

function namesInChain(error: unknown): string[] {
  const names: string[] = []
  let current: unknown = error
  // Dexie wraps the browser's error (AbortError → inner QuotaExceededError); walk the chain.
  for (let depth = 0; current && depth < 5; depth += 1) {
    const { name, inner, cause } = current as { name?: unknown; inner?: unknown; cause?: unknown }
    if (typeof name === 'string') names.push(name)
    current = inner ?? cause
  }
  return names
}

/** Turns whatever IndexedDB or Dexie threw into a StorageError with a stable code. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error
  const names = namesInChain(error)
  if (names.includes('QuotaExceededError')) return new StorageError('STORAGE_FULL', { cause: error })
  if (names.some((name) => ['MissingAPIError', 'InvalidStateError', 'SecurityError', 'OpenFailedError'].includes(name))) {
    return new StorageError('STORAGE_UNAVAILABLE', { cause: error })
  }
  return new StorageError('STORAGE_FAILED', { cause: error })
}
