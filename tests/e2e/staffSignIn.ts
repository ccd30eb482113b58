import type { BrowserContext, Page } from 'playwright-core'
import { secondFactorRequiredFor } from '@/domain/secondFactor'
import type { StaffRole } from '@/domain/staff'
import staffDe from '@/i18n/staff/de.json'
import { addStaff } from '../../server/services/staff.js'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import type { Storage } from '../../server/storage/storage.js'
import { enrolSecondFactor, totpCode } from '../server/harness'
import { expectNoAxeViolations, type AppServer } from './support'

/** The running server's SQLite database, opened beside it (WAL lets both work at once). */
export async function withServerStorage<T>(server: AppServer, use: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openSqliteStorage(server.dataDir)
  try {
    return await use(storage)
  } finally {
    await storage.close()
  }
}

/**
 * A member of staff signed in through the sign-in screen on a new page (made first unless
 * `create` is false); caseworkers and admins made here get their second factor, as the server
 * requires, and type its code. `messages`: the staff texts of the context's language.
 */
export async function signedInStaff(
  context: BrowserContext,
  server: AppServer,
  username: string,
  role: StaffRole,
  password: string,
  { create = true, messages = staffDe }: { create?: boolean; messages?: typeof staffDe } = {},
): Promise<Page> {
  const key = !create
    ? undefined
    : await withServerStorage(server, async (storage) => {
        const member = await addStaff(storage, username, password, role)
        return secondFactorRequiredFor(role) ? (await enrolSecondFactor(storage, server.dataDir, member)).key : undefined
      })
  const page = await context.newPage()
  await page.goto(`${server.baseUrl}/staff`)
  await page.getByRole('heading', { level: 1, name: messages.signIn.title }).waitFor()
  await expectNoAxeViolations(page, 'staff sign-in')
  await page.getByLabel(messages.signIn.username).fill(username)
  await page.getByLabel(messages.signIn.password).fill(password)
  await page.getByRole('button', { name: messages.signIn.submit, exact: true }).click()
  if (key) {
    // Enrolment used the current code: the app's next one (30 s on) is still inside the window.
    await page.getByLabel(messages.secondFactor.signInCode).fill(totpCode(key, Date.now() + 30_000))
    await page.getByRole('button', { name: messages.signIn.submit, exact: true }).click()
  }
  await page.getByRole('heading', { level: 1, name: messages.home.title }).waitFor()
  await expectNoAxeViolations(page, 'staff home')
  return page
}
