import { Router } from 'express'
import { parseDeviceRevocation } from '../../src/domain/staffSchemas.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { revokeApplicantDevices } from '../services/applicants.js'
import type { Store } from '../storage/database.js'

/**
 * A visitor who lost their phone asks at the counter or their caseworker: every device of the
 * applicant is signed out and a new recovery code is handed over (docs/staff.md, docs/security.md).
 */
export function staffApplicantRoutes(store: Store): Router {
  const router = Router()
  router.post('/staff/applicants/revoke-devices', requireStaff(store, ['frontdesk', 'caseworker', 'admin']), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await revokeApplicantDevices(store, staffOf(req).id, parseDeviceRevocation(req.body).reference))
  })
  return router
}
