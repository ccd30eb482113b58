/**
 * The one shape of a client-made or server-made id (drafts, pages, bookings): what an upload accepts,
 * so an id that could never receive a page is refused everywhere, before it reaches storage.
 */
const entityIdPattern = /^[A-Za-z0-9-]{8,64}$/

export function isEntityId(value: unknown): value is string {
  return typeof value === 'string' && entityIdPattern.test(value)
}

/** A SHA-256 in lower-case hex: how pages are declared, stored and named in the document store. */
export function isContentHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
}
