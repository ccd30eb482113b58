import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, startTestServer, type RunningServer } from './harness'

let server: RunningServer
let distDir: string
const shell = '<!doctype html><html lang="de"><head><title>ABH Digital</title></head><body><div id="app"></div></body></html>'
const bigScript = `console.log(${JSON.stringify('abh '.repeat(5000))})`

beforeAll(async () => {
  distDir = makeTempDir('abh-dist-')
  mkdirSync(path.join(distDir, 'assets'))
  mkdirSync(path.join(distDir, 'icons'))
  writeFileSync(path.join(distDir, 'index.html'), shell)
  writeFileSync(path.join(distDir, 'assets', 'index-3f9a1c2b.js'), bigScript)
  writeFileSync(path.join(distDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(path.join(distDir, 'manifest.webmanifest'), '{"name":"ABH Digital"}')
  writeFileSync(path.join(distDir, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  server = await startTestServer({ distDir })
})
afterAll(async () => {
  await server.stop()
  rmSync(distDir, { recursive: true, force: true })
})

const get = (urlPath: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${urlPath}`, { headers })

describe('serving the built app', () => {
  it('caches hashed assets for a year as immutable', async () => {
    const response = await get('/assets/index-3f9a1c2b.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it.each(['/sw.js', '/manifest.webmanifest', '/index.html'])('makes the browser revalidate %s every time', async (urlPath) => {
    const response = await get(urlPath)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('answers page paths with the app shell, revalidated every time', async () => {
    for (const urlPath of ['/', '/privacy', '/some/deep/link']) {
      const response = await get(urlPath, { accept: 'text/html' })
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-cache')
      expect(await response.text()).toBe(shell)
    }
  })

  it('answers a missing asset with 404, never with the shell', async () => {
    const response = await get('/assets/index-00000000.js', { accept: 'text/html,*/*' })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('keeps /api out of the shell fallback', async () => {
    const response = await get('/api/missing', { accept: 'text/html' })
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('answers a malformed URL with 400 BAD_REQUEST instead of an error', async () => {
    const response = await get('/%E0%A4%A', { accept: 'text/html' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('compresses responses when the browser accepts gzip', async () => {
    const response = await get('/assets/index-3f9a1c2b.js', { 'accept-encoding': 'gzip' })
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(await response.text()).toBe(bigScript)
  })
})
