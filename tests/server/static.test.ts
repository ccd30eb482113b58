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

describe('serving the pre-rendered pages', () => {
  let prerenderedServer: RunningServer
  let prerenderedDist: string
  const page = '<!doctype html><html lang="de"><head><title>Antrag</title></head><body><div id="app"><h1>Aufenthaltserlaubnis</h1></div></body></html>'
  const hashes = { script: ['sha256-c2NyaXB0'], style: ['sha256-c3R5bGU='] }

  beforeAll(async () => {
    prerenderedDist = makeTempDir('abh-dist-')
    mkdirSync(path.join(prerenderedDist, 'prerendered', 'apply'), { recursive: true })
    writeFileSync(path.join(prerenderedDist, 'index.html'), shell)
    writeFileSync(path.join(prerenderedDist, 'prerendered', 'apply', 'residence-employment.html'), page)
    writeFileSync(path.join(prerenderedDist, 'prerendered', 'inline-hashes.json'), JSON.stringify(hashes))
    prerenderedServer = await startTestServer({ distDir: prerenderedDist })
  })
  afterAll(async () => {
    await prerenderedServer.stop()
    rmSync(prerenderedDist, { recursive: true, force: true })
  })

  it('answers a pre-rendered page path with its page, revalidated every time, and other paths with the shell', async () => {
    const prerendered = await fetch(`${prerenderedServer.baseUrl}/apply/residence-employment`, { headers: { accept: 'text/html' } })
    expect(prerendered.headers.get('cache-control')).toBe('no-cache')
    expect(await prerendered.text()).toBe(page)
    const direct = await fetch(`${prerenderedServer.baseUrl}/prerendered/apply/residence-employment.html`)
    expect(direct.headers.get('cache-control')).toBe('no-cache')
    const other = await fetch(`${prerenderedServer.baseUrl}/apply/naturalisation`, { headers: { accept: 'text/html' } })
    expect(await other.text()).toBe(shell)
  })

  it('allows exactly the inline script and styles the build hashed, and no other inline code', async () => {
    const response = await fetch(`${prerenderedServer.baseUrl}/apply/residence-employment`, { headers: { accept: 'text/html' } })
    const policy = response.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self' 'sha256-c2NyaXB0'")
    expect(policy).toContain("style-src 'self' 'sha256-c3R5bGU='")
    expect(policy).not.toContain('unsafe-inline')
  })
})
