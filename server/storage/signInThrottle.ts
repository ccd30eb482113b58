import { sql } from 'kysely'
import type { Executor } from './database.js'

/**
 * Data functions for the staff sign-in throttle (server/services/signInThrottle.ts): failures
 * per (name, address) pair and per address. Keys are HMACs, never names or addresses.
 */

export interface PairFailures {
  failures: number
  /** Milliseconds since the epoch. */
  lastFailedAt: number
}

export interface ThrottleState {
  pair: PairFailures | undefined
  /** The address's theoretical arrival time (milliseconds since the epoch), if it failed before. */
  addressArrivalAt: number | undefined
}

export async function findThrottleState(db: Executor, nameKey: string, addressKey: string): Promise<ThrottleState> {
  const pair = await db.selectFrom('sign_in_failures').select(['failures', 'last_failed_at']).where('name_key', '=', nameKey).where('address_key', '=', addressKey).executeTakeFirst()
  const address = await db.selectFrom('sign_in_address_failures').select('theoretical_arrival_at').where('address_key', '=', addressKey).executeTakeFirst()
  return {
    pair: pair && { failures: Number(pair.failures), lastFailedAt: Number(pair.last_failed_at) },
    addressArrivalAt: address && Number(address.theoretical_arrival_at),
  }
}

/** Writes the state after an attempt was counted (the caller holds the address's lock). */
export async function saveThrottleState(db: Executor, nameKey: string, addressKey: string, pair: PairFailures, addressArrivalAt: number): Promise<void> {
  await db
    .insertInto('sign_in_failures')
    .values({ name_key: nameKey, address_key: addressKey, failures: pair.failures, last_failed_at: pair.lastFailedAt })
    .onConflict((conflict) => conflict.columns(['name_key', 'address_key']).doUpdateSet({ failures: pair.failures, last_failed_at: pair.lastFailedAt }))
    .execute()
  await db
    .insertInto('sign_in_address_failures')
    .values({ address_key: addressKey, theoretical_arrival_at: addressArrivalAt })
    .onConflict((conflict) => conflict.column('address_key').doUpdateSet({ theoretical_arrival_at: addressArrivalAt }))
    .execute()
}

/**
 * An attempt counted in advance turned out right: the pair starts afresh and the address gets
 * its interval back (one statement each, so concurrent attempts at other instances are kept).
 */
export async function refundAttempt(db: Executor, nameKey: string, addressKey: string, intervalMs: number): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('name_key', '=', nameKey).where('address_key', '=', addressKey).execute()
  await db
    .updateTable('sign_in_address_failures')
    .set({ theoretical_arrival_at: sql<number>`theoretical_arrival_at - ${intervalMs}` })
    .where('address_key', '=', addressKey)
    .execute()
}

/** Forgets a name's failures from every address; how many pairs there were. */
export async function deleteFailuresOfName(db: Executor, nameKey: string): Promise<number> {
  const result = await db.deleteFrom('sign_in_failures').where('name_key', '=', nameKey).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export interface NameFailureTotals {
  nameKey: string
  failures: number
  lastFailedAt: number
  addresses: number
}

/** Per name: failures, the latest, and from how many addresses (one row per pair), since `since`. */
export async function failureTotalsByName(db: Executor, since: number): Promise<NameFailureTotals[]> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select((eb) => ['name_key', eb.fn.sum<number>('failures').as('failures'), eb.fn.max<number>('last_failed_at').as('last_failed_at'), eb.fn.countAll<number>().as('addresses')])
    .where('last_failed_at', '>=', since)
    .groupBy('name_key')
    .execute()
  return rows.map((row) => ({ nameKey: row.name_key, failures: Number(row.failures), lastFailedAt: Number(row.last_failed_at), addresses: Number(row.addresses) }))
}

/** The hourly clean-up: pairs quiet since `pairsBefore`, addresses whose bucket has run empty by `now`. */
export async function deleteStaleThrottleState(db: Executor, pairsBefore: number, now: number): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('last_failed_at', '<', pairsBefore).execute()
  await db.deleteFrom('sign_in_address_failures').where('theoretical_arrival_at', '<', now).execute()
}
