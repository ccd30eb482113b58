// `npm run staff:add -- --user NAME --role frontdesk|caseworker|admin`: creates a staff account in
// the server's database (DATA_DIR's SQLite, or PostgreSQL when DATABASE_URL is set). The password
// is generated and shown once; only its scrypt hash is stored.
import { parseArgs } from 'node:util'
import { staffRoles, type StaffRole } from '../src/domain/staff.js'
import { readConfig } from '../server/config.js'
import { addStaff, generatePassword } from '../server/services/staff.js'
import { openStorage } from '../server/storage/storage.js'

const { values } = parseArgs({ options: { user: { type: 'string' }, role: { type: 'string' } } })
if (!values.user || !values.role || !(staffRoles as readonly string[]).includes(values.role)) {
  console.error(`Usage: npm run staff:add -- --user NAME --role ${staffRoles.join('|')}`)
  process.exit(2)
}
const { dataDir, postgres } = readConfig(process.env)
const storage = await openStorage({ dataDir, postgres })
try {
  const password = generatePassword()
  const member = await addStaff(storage, values.user, password, values.role as StaffRole)
  console.log(`Created ${member.role} "${member.username}". Password (shown once, pass it on securely): ${password}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await storage.close()
}
