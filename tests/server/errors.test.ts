import express from 'express'
import { describe, expect, it } from 'vitest'
import { createErrorHandler, HttpError } from '../../server/http/errors.js'
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

  it('answers an HttpError with its own status and code', async () => {
    const { server, baseUrl } = await appThatThrows(new HttpError(404, 'NOT_FOUND', 'No such draft'), () => undefined)
    const response = await fetch(`${baseUrl}/boom`)
    server.close()
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ code: 'NOT_FOUND', message: 'No such draft' })
  })
})
