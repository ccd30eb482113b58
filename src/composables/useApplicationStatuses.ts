import { onMounted, shallowRef } from 'vue'
import { getDatabase } from '@/db/database'
import type { ApplicationStatusView } from '@/domain/applicationStatus'
import { isSignedOutAnswer, loadCredentials, markSignedOut } from '@/sync/credentials'
import { fetchTransport, NetworkError } from '@/sync/transport'

const cacheKey = 'applicationStatuses'

/**
 * The status of the applicant's submitted applications: fresh from the server when it can be
 * reached, else the last answer kept in IndexedDB (with its age).
 */
export function useApplicationStatuses() {
  const statuses = shallowRef<ApplicationStatusView[]>([])
  const fetchedAt = shallowRef<string>()

  async function refresh() {
    const db = getDatabase()
    const cached = await db.cache.get(cacheKey)
    if (cached) {
      statuses.value = cached.value as ApplicationStatusView[]
      fetchedAt.value = cached.fetchedAt
    }
    const credentials = await loadCredentials(db)
    if (!credentials || credentials.signedOut) return
    try {
      const response = await fetchTransport(10_000)({ method: 'GET', path: '/api/applications', token: credentials.token })
      // The sync screen then explains that this device was signed out (sync protocol step 6).
      if (isSignedOutAnswer(response)) await markSignedOut(db)
      if (response.status !== 200) return
      const fresh = response.body as ApplicationStatusView[]
      const now = new Date().toISOString()
      await db.cache.put({ key: cacheKey, value: fresh, fetchedAt: now })
      statuses.value = fresh
      fetchedAt.value = now
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error
    }
  }

  onMounted(() => void refresh().catch(() => undefined))
  return { statuses, fetchedAt, refresh }
}
