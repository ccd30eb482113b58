import { afterEach, describe, expect, it, vi } from 'vitest'
import PwaUpdateNotice from '@/components/pwa/PwaUpdateNotice.vue'
import { onBeforeAppUpdate } from '@/pwa/updateHooks'
import { usePwaStore } from '@/stores/pwa'
import de from '@/i18n/locales/de.json'
import { mountWithApp } from './mountApp'

const removers: (() => void)[] = []
afterEach(() => {
  for (const remove of removers.splice(0)) remove()
})

describe('PwaUpdateNotice', () => {
  it('shows nothing until a new version waits', async () => {
    const { wrapper } = await mountWithApp(PwaUpdateNotice)
    expect(wrapper.text()).toBe('')
  })

  it('saves open work first and only then lets the new version take over', async () => {
    const { wrapper } = await mountWithApp(PwaUpdateNotice)
    const order: string[] = []
    removers.push(onBeforeAppUpdate(async () => void order.push('saved')))
    usePwaStore().offerUpdate(() => order.push('activated'))
    await vi.waitFor(() => expect(wrapper.text()).toContain(de.pwa.updateAvailable))
    await wrapper.get('button.button--primary').trigger('click')
    await vi.waitFor(() => expect(order).toEqual(['saved', 'activated']))
    expect(wrapper.text()).toContain(de.pwa.updating)
  })

  it('does not take over when saving fails, and lets the user try again', async () => {
    const { wrapper } = await mountWithApp(PwaUpdateNotice)
    const activate = vi.fn()
    removers.push(
      onBeforeAppUpdate(() => {
        throw new Error('quota exceeded')
      }),
    )
    const store = usePwaStore()
    store.offerUpdate(activate)
    await expect(store.applyUpdate()).rejects.toThrow('quota exceeded')
    expect(activate).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(wrapper.get('button.button--primary').attributes('disabled')).toBeUndefined())
  })

  it('can be put off until later', async () => {
    const { wrapper } = await mountWithApp(PwaUpdateNotice)
    usePwaStore().offerUpdate(() => undefined)
    await vi.waitFor(() => expect(wrapper.text()).toContain(de.pwa.later))
    const later = wrapper.findAll('button').find((button) => button.text() === de.pwa.later)
    await later?.trigger('click')
    await vi.waitFor(() => expect(wrapper.text()).toBe(''))
  })
})
