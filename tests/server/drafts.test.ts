import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicantCredentials, ServerDraft } from '@/domain/sync'
import { normaliseRecoveryCode } from '../../server/services/applicants.js'
import { startTestServer, type RunningServer } from './harness'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${server.baseUrl}/api${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  })

async function register(): Promise<ApplicantCredentials> {
  const response = await api('/applicants', { method: 'POST' })
  expect(response.status).toBe(201)
  return (await response.json()) as ApplicantCredentials
}

const putDraft = (token: string, id: string, answers: object, ifMatch?: number) =>
  api(`/drafts/${id}`, {
    method: 'PUT',
    token,
    headers: ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` },
    body: JSON.stringify({ serviceId: 'naturalisation', answers }),
  })

describe('applicants', () => {
  it('get a random token and a recovery code; only a hash is stored', async () => {
    const credentials = await register()
    expect(credentials.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(credentials.recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}$/)
    const stored = (await server.storage.db.selectFrom('applicant_tokens').select('token_hash').execute()).map((row) => row.token_hash)
    expect(stored).not.toContain(credentials.token)
    expect(stored.every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true)
  })

  it('can give a new device its own token with the recovery code, and the old one keeps working', async () => {
    const first = await register()
    const typed = first.recoveryCode!.toLowerCase().replace(/-/g, ' ')
    const response = await api('/applicants/recover', { method: 'POST', body: JSON.stringify({ recoveryCode: typed }) })
    expect(response.status).toBe(200)
    const second = (await response.json()) as ApplicantCredentials
    expect(second.applicantId).toBe(first.applicantId)
    expect(second.token).not.toBe(first.token)
    expect(second.recoveryCode).toBeUndefined()
    expect(second.locale).toBeUndefined()
    await putDraft(first.token, 'draft-recovered', { surname: 'Haddad' })
    expect((await api('/drafts/draft-recovered', { token: second.token })).status).toBe(200)
  })

  it('gives a recovering device the language the applicant last used', async () => {
    const first = await register()
    expect((await api('/applicant/language', { method: 'PUT', token: first.token, body: JSON.stringify({ locale: 'ar' }) })).status).toBe(204)
    const response = await api('/applicants/recover', { method: 'POST', body: JSON.stringify({ recoveryCode: first.recoveryCode }) })
    expect(((await response.json()) as ApplicantCredentials).locale).toBe('ar')
  })

  it('refuses an unknown recovery code with 401', async () => {
    const response = await api('/applicants/recover', { method: 'POST', body: JSON.stringify({ recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD' }) })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('reads recovery codes forgivingly: O as 0, I and L as 1', () => {
    expect(normaliseRecoveryCode('ab0ol-1il')).toBe('AB001111')
  })
})

describe('drafts', () => {
  it('need a valid token', async () => {
    expect((await api('/drafts')).status).toBe(401)
    const response = await api('/drafts', { token: 'x'.repeat(43) })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('are created without If-Match, then updated only with the current revision in If-Match', async () => {
    const { token } = await register()
    const created = await putDraft(token, 'draft-01', { surname: 'Yılmaz' })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"1"')
    const updated = await putDraft(token, 'draft-01', { surname: 'Yılmaz', city: 'Halle' }, 1)
    expect(updated.status).toBe(200)
    expect(updated.headers.get('etag')).toBe('"2"')
    const read = await api('/drafts/draft-01', { token })
    expect(read.headers.get('etag')).toBe('"2"')
    expect(await read.json()).toMatchObject({ id: 'draft-01', serviceId: 'naturalisation', revision: 2, answers: { surname: 'Yılmaz', city: 'Halle' } })
  })

  it('answer a stale revision with 412 and the server’s copy, and change nothing', async () => {
    const { token } = await register()
    await putDraft(token, 'draft-02', { surname: 'A' })
    await putDraft(token, 'draft-02', { surname: 'B' }, 1)
    const stale = await putDraft(token, 'draft-02', { surname: 'C' }, 1)
    expect(stale.status).toBe(412)
    expect(stale.headers.get('etag')).toBe('"2"')
    const body = (await stale.json()) as { code: string; current: ServerDraft }
    expect(body.code).toBe('REVISION_MISMATCH')
    expect(body.current).toMatchObject({ revision: 2, answers: { surname: 'B' } })
    const again = await putDraft(token, 'draft-02', { surname: 'C' })
    expect(again.status).toBe(412)
  })

  it('of another applicant look missing: no reading, no writing, no listing', async () => {
    const alice = await register()
    const bob = await register()
    await putDraft(alice.token, 'draft-alice', { surname: 'Alice' })
    expect((await api('/drafts/draft-alice', { token: bob.token })).status).toBe(404)
    expect((await putDraft(bob.token, 'draft-alice', { surname: 'Bob' }, 1)).status).toBe(404)
    expect((await putDraft(bob.token, 'draft-alice', { surname: 'Bob' })).status).toBe(404)
    expect(await (await api('/drafts', { token: bob.token })).json()).toEqual([])
    expect(await (await api('/drafts/draft-alice', { token: alice.token })).json()).toMatchObject({ answers: { surname: 'Alice' } })
  })

  it('take their pages’ bytes with them when deleted', async () => {
    const { token } = await register()
    await putDraft(token, 'draft-gone', { surname: 'Gone' })
    const { applicant_id: applicantId } = await server.storage.db.selectFrom('drafts').select('applicant_id').where('id', '=', 'draft-gone').executeTakeFirstOrThrow()
    const { mkdirSync, writeFileSync, existsSync } = await import('node:fs')
    const { join } = await import('node:path')
    mkdirSync(join(server.dataDir, 'documents'), { recursive: true })
    writeFileSync(join(server.dataDir, 'documents', 'e'.repeat(64)), 'scan')
    await server.storage.db
      .insertInto('documents')
      .values({ id: 'page-gone', applicant_id: applicantId, draft_id: 'draft-gone', slot: 'passport', page: 1, sha256: 'e'.repeat(64), mime_type: 'image/jpeg', size: 4, created_at: 'now' })
      .execute()
    const response = await api('/drafts/draft-gone', { method: 'DELETE', token })
    expect(response.status).toBe(204)
    expect(existsSync(join(server.dataDir, 'documents', 'e'.repeat(64)))).toBe(false)
    expect((await api('/drafts/draft-gone', { token })).status).toBe(404)
  })

  it('are checked with the domain’s form: unknown fields, wrong types and unknown services are refused', async () => {
    const { token } = await register()
    const unknownField = await putDraft(token, 'draft-03', { favouriteColour: 'blue' })
    expect(unknownField.status).toBe(422)
    expect(await unknownField.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((await putDraft(token, 'draft-03', { commitmentToBasicOrder: 'yes' })).status).toBe(422)
    expect((await putDraft(token, 'draft-03', { surname: 'x'.repeat(101) })).status).toBe(422)
    const badService = await api('/drafts/draft-03', { method: 'PUT', token, body: JSON.stringify({ serviceId: 'tourism', answers: {} }) })
    expect(badService.status).toBe(422)
    expect((await putDraft(token, 'draft-03', { surname: 'ok' }, Number.NaN)).status).toBe(400)
  })
})
