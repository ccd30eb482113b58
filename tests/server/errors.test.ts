import express from 'express'
import { describe, expect, it } from 'vitest'
import { DomainError, errorCodes } from '@/domain/errors'
import { createErrorHandler, statusOfCode } from '../../server/http/errors.js'
import { listen } from './harness'

async function appThatThrows(error: unknown, log: (line: string) => void) {
  const app = express()
  app.get('/boom', () => {
    throw error
  })
  app.use(createErrorHandler(log))
  return listen(app)
}

describe('the error handler', () => {
  it('answers an unexpected error with 500 INTERNAL_ERROR and logs no message text', async () => {
    const lines: string[] = []
    const { server, baseUrl } = await appThatThrows(new Error('Passport P1234567 of Ayşe Yılmaz'), (line) => lines.push(line))
    const response = await fetch(`${baseUrl}/boom`)
    server.close()
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' })
    expect(body).not.toContain('Ayşe')
    expect(body).not.toMatch(/\.ts:\d+/)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('unexpected Error during GET')
    expect(lines[0]).not.toContain('P1234567')
  })

  it('answers a domain error with the status of its code, its message and its details', async () => {
    const { server, baseUrl } = await appThatThrows(new DomainError('DOCUMENTS_MISSING', 'Required documents have not arrived', { missing: ['passport'] }), () => undefined)
    const response = await fetch(`${baseUrl}/boom`)
    server.close()
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({ code: 'DOCUMENTS_MISSING', message: 'Required documents have not arrived', missing: ['passport'] })
  })

  it('answers a lost database with 503 DATABASE_UNAVAILABLE and Retry-After, not 500', async () => {
    const lines: string[] = []
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    const { server, baseUrl } = await appThatThrows(lost, (line) => lines.push(line))
    const response = await fetch(`${baseUrl}/boom`)
    server.close()
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(await response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' })
    expect(lines).toEqual([])
  })

  it('knows an HTTP status for every code', () => {
    for (const code of errorCodes) expect(statusOfCode[code]).toBeGreaterThanOrEqual(400)
  })
})
