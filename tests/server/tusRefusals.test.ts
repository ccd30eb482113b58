import { ERRORS } from '@tus/server'
import { describe, expect, it } from 'vitest'
import { statusOfCode } from '../../server/http/errors.js'
import { codeOfTusCheck, codeOfTusError, domainErrorOfTus } from '../../server/http/tusRefusals.js'

// tus clients read only the status: each refusal's code must keep the status tus gives it.
describe('codes of tus’s refusals', () => {
  it.each(Object.entries(ERRORS))('%s keeps its status', (name, entry) => {
    expect(statusOfCode[codeOfTusError[name as keyof typeof ERRORS]]).toBe(entry.status_code)
  })

  it.each(Object.entries(codeOfTusCheck))('the check tus answers with %s keeps its status', (status, code) => {
    expect(statusOfCode[code]).toBe(Number(status))
  })

  it('reads a copy of an entry as the entry, and leaves an unknown error as it is', () => {
    expect(domainErrorOfTus({ ...ERRORS.ERR_MAX_SIZE_EXCEEDED })).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Maximum size exceeded' })
    const unexpected = new TypeError('boom')
    expect(domainErrorOfTus(unexpected)).toBe(unexpected)
  })
})
