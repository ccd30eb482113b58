import helmet from 'helmet'

/**
 * Security headers. The Content-Security-Policy allows no inline script; the built app needs
 * none (vite emits module files, the service worker is registered from the bundle).
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
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
