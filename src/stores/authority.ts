import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { AuthorityAnswer, AuthorityProfile } from '@/domain/authority'
import { defaultDraftRetentionDays, maxDraftRetentionDays } from '@/domain/draftRetention'

/**
 * The authority's profile as `GET /api/authority` gives it. Offline, the service worker answers
 * from its copy (src/sw/authority.ts). `undefined` while unknown, `null` when the authority has not
 * configured it yet (or it cannot be had): screens then show neutral texts.
 */
export const useAuthorityStore = defineStore('authority', () => {
  const profile = shallowRef<AuthorityProfile | null>()
  /** Days the server keeps unsent drafts; the default until the server said otherwise. */
  const draftRetentionDays = shallowRef(defaultDraftRetentionDays)
  let loading: Promise<void> | undefined

  /** Asks once per page load; components call it from onMounted (never during server-side rendering). */
  function load(): Promise<void> {
    // Revalidated (cheap with the ETag): a profile an admin just saved must not wait out max-age in this browser's HTTP cache.
    loading ??= fetch('/api/authority', { headers: { accept: 'application/json' }, cache: 'no-cache' })
      .then(async (response) => {
        // The server checked the profile with the domain schema on write and on read; yup stays out of the home screen.
        const body = response.ok ? ((await response.json()) as Partial<AuthorityAnswer>) : {}
        profile.value = body.profile && typeof body.profile === 'object' && Array.isArray(body.profile.places) ? body.profile : null
        const days = body.draftRetentionDays
        if (typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= maxDraftRetentionDays) draftRetentionDays.value = days
      })
      .catch(() => {
        profile.value = null
      })
    return loading
  }

  /** After an admin saved it: every screen of this tab shows the new profile at once. */
  function replace(saved: AuthorityProfile) {
    profile.value = saved
  }

  return { profile, draftRetentionDays, load, replace }
})
