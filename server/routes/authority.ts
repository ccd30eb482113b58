import { Router } from 'express'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { authorityProfileForEditing, publishedAuthorityProfile, updateAuthorityProfile } from '../services/authority.js'
import type { Store } from '../storage/database.js'

/** The authority's profile (docs/api.md): public to read, admins change it. */
export function authorityRoutes(store: Store): Router {
  const router = Router()

  // No personal data, the same for everyone: caches may keep it a minute; the app keeps it offline.
  router.get('/authority', async (_req, res) => {
    const published = await publishedAuthorityProfile(store)
    res.setHeader('Cache-Control', 'public, max-age=60')
    res.json(published ?? { profile: null })
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
