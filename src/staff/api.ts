/** The staff API (docs/staff.md): same-origin requests that carry the httpOnly session cookie. */
export class StaffApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** What the server sent beside code and message (the fields of a VALIDATION_FAILED, say). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code)
    this.name = 'StaffApiError'
  }

  /** The form field a refusal concerns, where the server names one (`currentPassword` …). */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined
  }
}

let onUnauthorized: (() => void) | undefined

/** Who to tell when the server no longer knows the session (expired, signed out elsewhere, deactivated). */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler
}

/** Calls the staff API; answers other than 2xx become a StaffApiError with the server's stable code. */
export async function staffRequest<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new StaffApiError(0, 'NETWORK')
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { code?: string } & Record<string, unknown>
    if (response.status === 401 && path !== '/api/staff/session') onUnauthorized?.()
    throw new StaffApiError(response.status, answer.code ?? `HTTP_${response.status}`, answer)
  }
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

/** The message key of a failure, for an alert on the staff screens. */
export function staffErrorKey(error: unknown): string {
  // The applicants' text for 401 speaks of their device; staff get their own.
  if (error instanceof StaffApiError && error.status === 401) return 'staff.errors.unauthorized'
  if (error instanceof StaffApiError) return error.code === 'NETWORK' ? 'staff.errors.network' : `errors.${error.code}`
  return 'errors.INTERNAL_ERROR'
}
