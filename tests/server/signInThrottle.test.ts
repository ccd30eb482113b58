import { describe, expect, it } from 'vitest'
import { addressAttempt, defaultSignInThrottle, pairWaitMs } from '../../server/services/signInThrottle.js'

const { pair: pairRule, address: addressRule } = defaultSignInThrottle
const now = Date.UTC(2026, 11, 1, 9)

describe('the wait of a (name, address) pair', () => {
  it('is nothing for the first five failures, then doubles from 30 seconds up to 15 minutes', () => {
    const waits = [0, 4, 5, 6, 7, 8, 9, 10, 11, 40].map((failures) => pairWaitMs({ failures, lastFailedAt: now }, pairRule, now) / 1000)
    expect(waits).toEqual([0, 0, 30, 60, 120, 240, 480, 900, 900, 900])
  })

  it('runs from the last failure and is forgotten after a quiet day', () => {
    expect(pairWaitMs({ failures: 6, lastFailedAt: now - 45_000 }, pairRule, now)).toBe(15_000)
    expect(pairWaitMs({ failures: 50, lastFailedAt: now - 24 * 60 * 60_000 }, pairRule, now)).toBe(0)
    expect(pairWaitMs(undefined, pairRule, now)).toBe(0)
  })
})

describe('the budget of an address over all names', () => {
  it('lets a burst of 20 failures through, then one every 3 minutes', () => {
    let arrivalAt: number | undefined
    const waits = []
    for (let attempt = 0; attempt < 22; attempt += 1) {
      const next = addressAttempt(arrivalAt, addressRule, now)
      waits.push(next.waitMs / 60_000)
      if (next.waitMs === 0) arrivalAt = next.arrivalAt
    }
    expect(waits).toEqual([...Array(20).fill(0), 3, 3])
    expect(addressAttempt(arrivalAt, addressRule, now + 3 * 60_000).waitMs).toBe(0)
  })
})
