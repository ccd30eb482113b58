import { describe, expect, it } from 'vitest'
import { onBeforeAppUpdate, runBeforeAppUpdateHooks } from '@/pwa/updateHooks'

describe('before-update hooks', () => {
  it('runs every registered hook and forgets removed ones', async () => {
    const calls: string[] = []
    const removeFirst = onBeforeAppUpdate(() => void calls.push('first'))
    const removeSecond = onBeforeAppUpdate(async () => {
      await Promise.resolve()
      calls.push('second')
    })
    await runBeforeAppUpdateHooks()
    removeFirst()
    await runBeforeAppUpdateHooks()
    removeSecond()
    expect(calls).toEqual(['first', 'second', 'second'])
  })

  it('fails when a hook fails, so the update waits instead of losing unsaved work', async () => {
    const remove = onBeforeAppUpdate(() => {
      throw new Error('disk full')
    })
    await expect(runBeforeAppUpdateHooks()).rejects.toThrow('disk full')
    remove()
  })
})
