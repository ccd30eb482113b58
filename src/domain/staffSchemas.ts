import { array, number, object, string, type InferType } from 'yup'
import { isValidIsoDate } from './applications/validation.js'
import { hasNoNul, parseInput } from './input.js'
import { staffRoles, type ClosedDay, type Schedule } from './staff.js'

/**
 * What staff send to the staff and admin endpoints (docs/staff.md), as yup schemas: the server
 * validates with these and the admin screen may check the same rules before sending. Validated
 * strictly, so a number where text belongs (or text where a number belongs) is refused, never converted.
 */

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/
const usernamePattern = /^[a-z0-9._-]{3,40}$/
export const maxSchedules = 500
export const maxClosedDayReason = 200

export const scheduleSchema = object({
  channel: string().required().oneOf(['in-person', 'phone'] as const),
  topic: string().defined().test('text', '${path} must be text', hasNoNul),
  weekday: number().required().integer().min(1).max(7),
  opens: string().required().matches(timeOfDay, '${path} must be a time of day HH:MM'),
  closes: string()
    .required()
    .matches(timeOfDay, '${path} must be a time of day HH:MM')
    .test('afterOpening', '${path} must be later than opens', function (closes) {
      return typeof this.parent.opens === 'string' && this.parent.opens < closes
    }),
  slotMinutes: number().required().integer().min(5).max(240),
  // A comma-separated list of counters or phone lines; each gets its own slots.
  places: string()
    .required()
    .test('notBlank', '${path} must name at least one place', (places) => places.trim() !== '' && hasNoNul(places)),
})

const scheduleListRequired = 'A list of schedules is required'
export const schedulesSchema = array(scheduleSchema).typeError(scheduleListRequired).required(scheduleListRequired).max(maxSchedules, 'At most ${max} schedules')

export const closedDaySchema = object({
  date: string()
    .required('date must be YYYY-MM-DD')
    .test('isoDate', 'date must be YYYY-MM-DD', (date) => isValidIsoDate(date)),
  reason: string()
    .nullable()
    .max(maxClosedDayReason, 'reason has at most ${max} characters')
    .test('text', 'reason must be text', (reason) => reason == null || hasNoNul(reason)),
})

const accountFieldsRequired = 'username and role are required'

/** An account an admin creates; its password is made by the server. */
export const newStaffAccountSchema = object({
  username: string().defined(accountFieldsRequired).matches(usernamePattern, 'Usernames are 3–40 lower-case letters, digits, dots, dashes'),
  role: string().defined(accountFieldsRequired).oneOf(staffRoles, 'Unknown role'),
})

export type NewStaffAccount = InferType<typeof newStaffAccountSchema>

/** Passwords staff choose, and the ones the server generates, have at least this many characters. */
export const minPasswordLength = 12

/** A name as typed at sign-in, as it is looked up and throttled: usernames are lower case, so `Anna.Schmidt ` is `anna.schmidt`. */
export const normaliseUsername = (typed: string) => typed.normalize('NFKC').trim().toLowerCase()

export const signInSchema = object({
  username: string().required().test('text', '${path} must be text', hasNoNul),
  password: string().required(),
}).required()

export type SignInRequest = InferType<typeof signInSchema>

/** `PUT /api/admin/schedules`: the whole weekly template; VALIDATION_FAILED names the first fault. */
export function parseSchedules(body: unknown): Schedule[] {
  return parseInput(schedulesSchema, body).map(({ channel, topic, weekday, opens, closes, slotMinutes, places }) => ({ channel, topic, weekday, opens, closes, slotMinutes, places }))
}

/** `POST /api/admin/closed-days`. */
export function parseClosedDay(body: unknown): ClosedDay {
  const { date, reason } = parseInput(closedDaySchema, body)
  return { date, reason: reason ?? null }
}

/** `POST /api/admin/staff`, and the accounts the command line makes. */
export function parseNewStaffAccount(body: unknown): NewStaffAccount {
  const { username, role } = parseInput(newStaffAccountSchema, body)
  return { username, role }
}

/** `POST /api/staff/session`: undefined for anything but a name and a password, which is refused as a wrong password is. */
export function readSignIn(body: unknown): SignInRequest | undefined {
  return signInSchema.isValidSync(body, { strict: true }) ? { username: normaliseUsername(body.username), password: body.password } : undefined
}

// Messages are message keys: the account screen shows them beside the fields.
const passwordChangeFields = {
  currentPassword: string().required('staff.account.currentRequired'),
  newPassword: string().required('staff.account.newRequired'),
}

/** What the account screen checks before sending; the server's strength rules (with their dictionary) follow there. */
export const passwordChangeSchema = object({ ...passwordChangeFields, newPassword: passwordChangeFields.newPassword.min(minPasswordLength, 'errors.PASSWORD_TOO_SHORT') })

export type PasswordChange = InferType<typeof passwordChangeSchema>

/** `POST /api/staff/password`: two texts; whether the new one is good enough is the service's PASSWORD_* answer. */
export function parsePasswordChange(body: unknown): PasswordChange {
  const { currentPassword, newPassword } = parseInput(object(passwordChangeFields), body)
  return { currentPassword, newPassword }
}

/** `POST /api/staff/applicants/revoke-devices`: an application (`ABH-…`) or booking (`T-…`) reference, read in any case. */
export const deviceRevocationSchema = object({
  reference: string().required('reference is required').max(64, 'reference is at most ${max} characters').test('text', '${path} must be text', hasNoNul),
})

export function parseDeviceRevocation(body: unknown): { reference: string } {
  return { reference: parseInput(deviceRevocationSchema, body).reference.trim().toUpperCase() }
}
