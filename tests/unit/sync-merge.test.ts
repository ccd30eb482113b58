import { describe, expect, it } from 'vitest'
import { backoffDelay, networkRetryDelay, nextDelay, quickNetworkRetries, retryAfterMs, retryDelay } from '@/sync/backoff'
import { mergeAnswers } from '@/sync/merge'
import { classifyStatus } from '@/sync/transport'

describe('merging a draft edited on two devices', () => {
  const base = { surname: 'Haddad', city: 'Halle', phone: '+49 30 1' }

  it('takes each side’s changes where only that side changed a field', () => {
    const { merged, conflicts } = mergeAnswers(base, { ...base, city: 'Leipzig' }, { ...base, phone: '+49 30 2', email: 'l@example.org' })
    expect(conflicts).toEqual([])
    expect(merged).toEqual({ surname: 'Haddad', city: 'Leipzig', phone: '+49 30 2', email: 'l@example.org' })
  })

  it('keeps both values of a field changed differently on both sides, and the local one for now', () => {
    const { merged, conflicts } = mergeAnswers(base, { ...base, city: 'Leipzig' }, { ...base, city: 'Dessau' })
    expect(conflicts).toEqual([{ field: 'city', local: 'Leipzig', remote: 'Dessau' }])
    expect(merged.city).toBe('Leipzig')
  })

  it('sees no conflict when both sides made the same change', () => {
    expect(mergeAnswers(base, { ...base, city: 'Leipzig' }, { ...base, city: 'Leipzig' }).conflicts).toEqual([])
  })

  it('treats a field cleared on one side as a change of that side', () => {
    const { merged, conflicts } = mergeAnswers(base, { surname: 'Haddad', city: 'Halle' }, base)
    expect(conflicts).toEqual([])
    expect(merged).toEqual({ surname: 'Haddad', city: 'Halle' })
  })

  it('without a common ancestor (first sync), equal values agree and different ones conflict', () => {
    const { conflicts } = mergeAnswers({}, { surname: 'Haddad', city: 'Halle' }, { surname: 'Haddad', city: 'Dessau' })
    expect(conflicts).toEqual([{ field: 'city', local: 'Halle', remote: 'Dessau' }])
  })
})

describe('backoff', () => {
  const policy = { baseMs: 1000, capMs: 60_000 }

  it('grows exponentially with full jitter and never past the cap', () => {
    expect(backoffDelay(0, policy, () => 0.999)).toBe(999)
    expect(backoffDelay(3, policy, () => 0.999)).toBe(7992)
    expect(backoffDelay(30, policy, () => 0.999)).toBe(59_940)
    expect(backoffDelay(5, policy, () => 0)).toBe(0)
  })

  it('honours Retry-After in seconds or as a date, within the cap', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000)
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:30 GMT', 0)).toBe(30_000)
    expect(retryAfterMs('soon', 0)).toBeUndefined()
    expect(nextDelay(0, 30_000, policy, () => 0)).toBe(30_000)
    expect(nextDelay(0, 10 * 60_000, policy, () => 0)).toBe(60_000)
  })

  it('retries a dropped connection after 0.5, 1, 2, then 4 s, with jitter between half the step and the step', () => {
    const lowest = (failures: number) => networkRetryDelay(failures, policy, () => 0)
    const highest = (failures: number) => networkRetryDelay(failures, policy, () => 0.999_999)
    expect([1, 2, 3, 4, 5, quickNetworkRetries].map(lowest)).toEqual([250, 500, 1000, 2000, 2000, 2000])
    expect([1, 2, 3, 4, 5, quickNetworkRetries].map(highest)).toEqual([499, 999, 1999, 3999, 3999, 3999])
    // A row that made progress has 0 failures: the shortest wait.
    expect(lowest(0)).toBe(250)
  })

  it('takes the long backoff for a dropped connection only after many failures in a row', () => {
    const highest = (failures: number) => networkRetryDelay(failures, policy, () => 0.999_999)
    expect(highest(quickNetworkRetries + 1)).toBe(7999)
    expect(highest(quickNetworkRetries + 2)).toBe(15_999)
    expect(highest(quickNetworkRetries + 30)).toBe(59_999)
  })

  it('keeps the long backoff and Retry-After for a struggling server', () => {
    expect(retryDelay('server', 5, undefined, policy, () => 0.5)).toBe(16_000)
    expect(retryDelay('server', 0, 30_000, policy, () => 0)).toBe(30_000)
    expect(retryDelay('network', 6, undefined, policy, () => 0.5)).toBe(3000)
  })
})

describe('what a status means', () => {
  it('retries network-ish failures and refuses what retrying cannot fix', () => {
    expect([200, 201, 204].map(classifyStatus)).toEqual(['done', 'done', 'done'])
    expect([408, 429, 500, 502, 503].map(classifyStatus)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry'])
    expect([400, 404, 413, 422].map(classifyStatus)).toEqual(['refused', 'refused', 'refused', 'refused'])
    expect(classifyStatus(412)).toBe('conflict')
    expect(classifyStatus(401)).toBe('unauthorized')
  })
})
