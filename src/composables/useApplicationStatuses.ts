import { computed, onMounted } from 'vue'
import { getDatabase } from '@/db/database'
import { useLiveQuery } from '@/composables/useLiveQuery'
import { appTransport } from '@/sync/appTransport'
import { cachedApplicationStatuses, refreshApplicationStatuses } from '@/sync/applicationStatuses'

/**
 * The status of the applicant's submitted applications: fresh from the server when it can be
 * reached, else the last answer kept in IndexedDB (with its age). Follows every refresh, in any
 * component or tab, since it reads the kept answer.
 */
export function useApplicationStatuses() {
  const db = getDatabase()
  const known = useLiveQuery(() => cachedApplicationStatuses(db), { statuses: [] })
  const statuses = computed(() => known.value.statuses)
  const fetchedAt = computed(() => known.value.fetchedAt)

  async function refresh() {
    await refreshApplicationStatuses(db, appTransport(10_000))
  }

  onMounted(() => void refresh().catch(() => undefined))
  return { statuses, fetchedAt, refresh }
}
