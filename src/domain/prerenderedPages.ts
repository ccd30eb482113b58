import { serviceIds } from './catalogue.js'
import { contactChannels } from './contact.js'

/**
 * The public pages rendered to HTML at build time (docs/architecture.md, Pre-rendering): an
 * applicant arriving by a link sees the page before the app's JavaScript has run. Pages that
 * show only what the device keeps (a draft, the sync screen) are not among them.
 */
export const prerenderedPaths: readonly string[] = [
  '/',
  ...serviceIds.map((id) => `/apply/${id}`),
  ...contactChannels.map((channel) => `/contact/${channel}`),
  '/applications',
  '/appointments',
  '/imprint',
  '/privacy',
  '/accessibility',
]

/** Where the build writes a page's HTML, relative to dist/ (the server and the service worker look it up here). */
export function prerenderedFileOf(path: string): string | undefined {
  if (!prerenderedPaths.includes(path)) return undefined
  return `prerendered${path === '/' ? '/index' : path}.html`
}

/** The CSP hashes of the pre-rendered pages' inline script and styles, relative to dist/ (the server allows exactly these). */
export const prerenderedInlineHashesFile = 'prerendered/inline-hashes.json'

export interface PrerenderedInlineHashes {
  script: string[]
  style: string[]
}
