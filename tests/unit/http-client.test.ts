import { afterEach, describe, expect, it, vi } from 'vitest'
import { httpRequest, NetworkError } from '@/http/client'
import { StaffApiError, staffRequest } from '@/staff/api'

const sources = import.meta.glob(['/src/**/*.ts', '/src/**/*.vue', '!/src/sw.ts', '!/src/sw/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>

describe('one HTTP client for the app', () => {
  it('is the only place that calls fetch (the service worker is its own program)', () => {
    const callers = Object.entries(sources)
      .filter(([, source]) => /\bfetch\(/.test(source))
      .map(([file]) => file)
      .filter((file) => file !== '/src/http/client.ts')
    expect(callers).toEqual([])
  })

  it('is reached by the staff screens through named functions of src/staff/api.ts, never through a path of their own', () => {
    const inline = Object.entries(sources)
      .filter(([file]) => file.startsWith('/src/views/staff/') || file.startsWith('/src/components/staff/') || (file.startsWith('/src/staff/') && file !== '/src/staff/api.ts'))
      .filter(([, source]) => /['"`]\/api\//.test(source) || /\bstaffRequest\b/.test(source))
      .map(([file]) => file)
    expect(inline).toEqual([])
  })
})

describe('httpRequest', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends JSON with the token and reads JSON back, whatever the status', async () => {
    const fetch = vi.fn(async () => new Response('{"code":"NOT_FOUND"}', { status: 404, headers: { 'content-type': 'application/json' } }))
    vi.stubGlobal('fetch', fetch)
    const response = await httpRequest({ method: 'POST', path: '/api/x', token: 't', body: { a: 1 } })
    expect(response).toMatchObject({ status: 404, ok: false, body: { code: 'NOT_FOUND' } })
    expect(fetch).toHaveBeenCalledWith('/api/x', expect.objectContaining({ method: 'POST', body: '{"a":1}', credentials: 'same-origin' }))
    const headers = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers as Record<string, string>
    expect(headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json', accept: 'application/json' })
  })

  it('turns a dropped connection into a NetworkError, and the staff API into its NETWORK code', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    await expect(httpRequest({ path: '/api/health' })).rejects.toBeInstanceOf(NetworkError)
    await expect(staffRequest('GET', '/api/staff/walk-ins')).rejects.toEqual(new StaffApiError(0, 'NETWORK'))
  })

  it('treats a JSON body that breaks off as a lost answer', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"status":', { status: 200, headers: { 'content-type': 'application/json' } })))
    await expect(httpRequest({ path: '/api/applications' })).rejects.toBeInstanceOf(NetworkError)
  })

  it('gives the staff API the server’s stable code of a refusal', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"code":"NOBODY_WAITING","message":"Nobody is waiting"}', { status: 409, headers: { 'content-type': 'application/json' } })))
    await expect(staffRequest('POST', '/api/staff/walk-ins/call-next', { counter: 'Schalter 1' })).rejects.toMatchObject({ status: 409, code: 'NOBODY_WAITING' })
  })
})
