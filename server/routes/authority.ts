import { Router } from 'express'
import type { AuthorityAnswer } from '../../src/domain/authority.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { authorityProfileForEditing, publishedAuthorityProfile, updateAuthorityProfile } from '../services/authority.js'
import type { Store } from '../storage/database.js'

/** The authority's profile (docs/api.md): public to read, admins change it. */
export function authorityRoutes(store: Store, settings: { draftRetentionDays: number }): Router {
  const router = Router()

  // No personal data, the same for everyone: caches may keep it a minute; the app keeps it offline.
  router.get('/authority', async (_req, res) => {
    const published = await publishedAuthorityProfile(store)
    res.setHeader('Cache-Control', 'public, max-age=60')
    // How long unsent drafts stay on the server belongs to what the app tells applicants about their data.
    const body: AuthorityAnswer = { ...(published ?? { profile: null }), draftRetentionDays: settings.draftRetentionDays }
    res.json(body)
  })

  const admin = requireStaff(store, ['admin'])
  router.get('/staff/authority', admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json((await authorityProfileForEditing(store)) ?? { profile: null })
  })
  router.put('/staff/authority', admin, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await updateAuthorityProfile(store, staffOf(req).id, req.body))
  })
  return router
}
