import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type RunningServer } from './harness'

let server: RunningServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

describe('GET /api/health', () => {
  it('answers ok with the version after checking the database', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({ status: 'ok', version: '9.9.9-test' })
  })

  it('answers 503 DATABASE_UNAVAILABLE when the database cannot answer', async () => {
    const broken = await startTestServer()
    await sql`DROP TABLE app_meta`.execute(broken.storage.db)
    const response = await fetch(`${broken.baseUrl}/api/health`)
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' })
    await broken.stop()
  })
})

describe('unknown API paths', () => {
  it('answer 404 JSON with a stable code, not the app shell', async () => {
    const response = await fetch(`${server.baseUrl}/api/no-such-thing`, { headers: { accept: 'text/html' } })
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String) })
  })
})

describe('request bodies', () => {
  it('refuses a JSON body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(200 * 1024) }),
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  })

  it('refuses malformed JSON with 400 INVALID_JSON and no stack trace', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated": ',
    })
    expect(response.status).toBe(400)
    const body = await response.text()
    expect(JSON.parse(body)).toMatchObject({ code: 'INVALID_JSON' })
    expect(body).not.toMatch(/at .*\.(ts|js):\d+/)
  })
})

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and the usual hardening headers', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('x-powered-by')).toBeNull()
  })
})
