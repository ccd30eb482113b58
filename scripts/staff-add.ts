// `npm run staff:add -- --user NAME --role frontdesk|caseworker|admin`: creates a staff account in
// DATA_DIR's database. The password is generated and shown once; only its scrypt hash is stored.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config.js'
import { addStaff, staffRoles, type StaffRole } from '../server/services/staff.js'
import { openSqliteStorage } from '../server/storage/sqlite.js'

const { values } = parseArgs({ options: { user: { type: 'string' }, role: { type: 'string' } } })
if (!values.user || !values.role || !(staffRoles as readonly string[]).includes(values.role)) {
  console.error(`Usage: npm run staff:add -- --user NAME --role ${staffRoles.join('|')}`)
  process.exit(2)
}
const storage = openSqliteStorage(readConfig(process.env).dataDir)
try {
  const password = randomBytes(15).toString('base64url')
  const member = await addStaff(storage.db, values.user, password, values.role as StaffRole)
  console.log(`Created ${member.role} "${member.username}". Password (shown once, pass it on securely): ${password}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  storage.close()
}
