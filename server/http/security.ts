import helmet from 'helmet'
import type { PrerenderedInlineHashes } from '../../src/domain/prerenderedPages.js'

/**
 * Security headers. The Content-Security-Policy allows no inline script or style except, by
 * their hashes, the ones the build wrote into the pre-rendered pages (the language check that
 * runs before the first paint, and the pages' critical CSS).
 */
export function securityHeaders(inline: PrerenderedInlineHashes = { script: [], style: [] }) {
  const allowed = (hashes: string[]) => hashes.map((hash) => `'${hash}'`)
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'", ...allowed(inline.script)],
        styleSrc: ["'self'", ...allowed(inline.style)],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Same-origin app: keep referrers inside the site, never leak paths to others.
    referrerPolicy: { policy: 'same-origin' },
  })
}
