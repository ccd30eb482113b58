// `npm run staff:reset-second-factor -- NAME`: removes a member's second factor and ends their
// sessions, for when no other admin can do it in the app (the last admin lost their phone). They
// set up a new one at their next sign-in. Audited as `secondFactor.resetFromCommandLine`.
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config.js'
import { resetSecondFactorOf } from '../server/services/secondFactor.js'
import { openStorage } from '../server/storage/storage.js'

const { positionals } = parseArgs({ allowPositionals: true })
const [username] = positionals
if (!username || positionals.length !== 1) {
  console.error('Usage: npm run staff:reset-second-factor -- NAME')
  process.exit(2)
}
const { dataDir, postgres } = readConfig(process.env)
const storage = await openStorage({ dataDir, postgres })
try {
  const member = await resetSecondFactorOf(storage, username)
  console.log(`The second factor of ${member.role} "${member.username}" is removed and their sessions ended; they set up a new one at their next sign-in.`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await storage.close()
}
