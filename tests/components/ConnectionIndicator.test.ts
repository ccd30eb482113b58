import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ConnectionIndicator from '@/components/connection/ConnectionIndicator.vue'
import { useConnectionStore } from '@/stores/connection'
import de from '@/i18n/locales/de.json'
import { mountWithApp } from './mountApp'

let serverReachable = true
let browserSaysOnline = true

beforeEach(() => {
  serverReachable = true
  browserSaysOnline = true
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => browserSaysOnline)
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      if (!serverReachable) throw new TypeError('Failed to fetch')
      return new Response('{"status":"ok","version":"test"}', { status: 200 })
    }),
  )
})
afterEach(() => {
  useConnectionStore().stop()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

async function mountIndicator() {
  const { wrapper } = await mountWithApp(ConnectionIndicator)
  const store = useConnectionStore()
  store.start({ firstCheckAfterMs: 0 })
  return { wrapper, store }
}

describe('ConnectionIndicator', () => {
  it('says online once the server has answered', async () => {
    const { wrapper } = await mountIndicator()
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/health', expect.anything()))
    expect(wrapper.text()).toContain(de.connection.online)
    expect(wrapper.attributes('role')).toBe('status')
  })

  it('says offline as soon as the browser loses the connection, with a reassuring hint', async () => {
    const { wrapper } = await mountIndicator()
    // The start-up probe is still under way: its late answer must not override the newer event.
    browserSaysOnline = false
    window.dispatchEvent(new Event('offline'))
    await vi.waitFor(() => expect(wrapper.text()).toContain(de.connection.offline))
    expect(wrapper.text()).toContain(de.connection.offlineHint)
  })

  it('stays offline when the browser claims to be online but the server cannot be reached', async () => {
    const { wrapper, store } = await mountIndicator()
    browserSaysOnline = false
    window.dispatchEvent(new Event('offline'))
    serverReachable = false
    browserSaysOnline = true
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2))
    await vi.waitFor(() => expect(vi.mocked(fetch).mock.results[1]?.value).rejects.toThrow())
    expect(store.online).toBe(false)
    expect(wrapper.text()).toContain(de.connection.offline)

    serverReachable = true
    await store.check()
    await vi.waitFor(() => expect(wrapper.text()).toContain(de.connection.online))
  })
})
