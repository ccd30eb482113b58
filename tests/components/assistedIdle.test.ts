import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { watchIdle } from '@/staff/assisted'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('the idle watch of an assisted session', () => {
  it('fires once after the configured minutes without input, and every touch or key restarts the wait', () => {
    const target = new EventTarget()
    const onIdle = vi.fn()
    const stop = watchIdle(target, 10, onIdle)
    vi.advanceTimersByTime(9 * 60_000)
    target.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(9 * 60_000)
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(9 * 60_000)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(60_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(60 * 60_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    stop()
  })

  it('stops watching when the session bar goes away', () => {
    const target = new EventTarget()
    const onIdle = vi.fn()
    watchIdle(target, 1, onIdle)()
    target.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(10 * 60_000)
    expect(onIdle).not.toHaveBeenCalled()
  })
})
