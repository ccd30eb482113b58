import { existsSync } from 'node:fs'
import path from 'node:path'
import express, { type Router } from 'express'

/** Files that must always be revalidated, so a new release reaches the browser. */
const alwaysRevalidate = new Set(['index.html', 'sw.js', 'manifest.webmanifest'])

function cacheControlFor(relativePath: string): string {
  if (relativePath.startsWith('assets/')) return 'public, max-age=31536000, immutable'
  if (alwaysRevalidate.has(relativePath)) return 'no-cache'
  return 'public, max-age=3600'
}

/**
 * Serves the built app: hashed assets as immutable, the shell and the service worker no-cache,
 * and index.html for any other page path so deep links work. Returns undefined without a build.
 */
export function staticApp(distDir: string): Router | undefined {
  const indexFile = path.join(distDir, 'index.html')
  if (!existsSync(indexFile)) return undefined

  const router = express.Router()
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders(res, filePath) {
        const relative = path.relative(distDir, filePath).split(path.sep).join('/')
        res.setHeader('Cache-Control', cacheControlFor(relative))
      },
    }),
  )
  router.get('/{*splat}', (req, res, next) => {
    // A missing asset (e.g. /assets/old.js) must be a 404, not the shell with a wrong type.
    if (path.extname(req.path) !== '' || !req.accepts('html')) {
      next()
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(indexFile)
  })
  return router
}
