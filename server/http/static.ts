import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import express, { type Router } from 'express'
import { prerenderedFileOf, prerenderedInlineHashesFile, type PrerenderedInlineHashes } from '../../src/domain/prerenderedPages.js'

/** Files that must always be revalidated, so a new release reaches the browser. */
const alwaysRevalidate = new Set(['index.html', 'sw.js', 'manifest.webmanifest'])

function cacheControlFor(relativePath: string): string {
  if (relativePath.startsWith('assets/')) return 'public, max-age=31536000, immutable'
  if (alwaysRevalidate.has(relativePath) || relativePath.endsWith('.html')) return 'no-cache'
  return 'public, max-age=3600'
}

/** The CSP hashes of the pre-rendered pages' inline script and styles; none without a pre-rendered build. */
export function prerenderedInlineHashes(distDir: string): PrerenderedInlineHashes {
  const file = path.join(distDir, prerenderedInlineHashesFile)
  if (!existsSync(file)) return { script: [], style: [] }
  return JSON.parse(readFileSync(file, 'utf8')) as PrerenderedInlineHashes
}

/**
 * Serves the built app: hashed assets as immutable, the pages and the service worker no-cache;
 * a page path gets its pre-rendered HTML where the build made one (deep links paint before the
 * JavaScript runs), else the empty shell index.html. Returns undefined without a build.
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
    const prerendered = prerenderedFileOf(req.path)
    const page = prerendered === undefined ? indexFile : path.join(distDir, prerendered)
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(existsSync(page) ? page : indexFile)
  })
  return router
}
