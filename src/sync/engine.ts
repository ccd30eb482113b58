import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import { retryAfterMs, retryDelay, type BackoffPolicy, defaultBackoff, type FailureCause } from './backoff'
import { ensureCredentials, isSignedOutAnswer, markSignedOut, signedOutCode, SyncRefused } from './credentials'
import { pushDraft } from './pushDraft'
import type { StepResult } from './steps'
import { NetworkError, type Transport } from './transport'

/** What the header and the sync screen show. */
export interface SyncState {
  /** running: a drain is under way; waiting: a retry is scheduled; idle: nothing to do or all blocked. */
  phase: 'idle' | 'running' | 'waiting'
  pending: number
  blocked: number
  /**
   * The last network-level problem, while rows wait for a retry. signedOut: the server signed this
   * device out; nothing is sent until the applicant links it again (the rows stay).
   */
  lastProblem?: 'network' | 'server' | 'unauthorized' | 'signedOut'
}

export interface SyncEngineDeps {
  db: AbhDatabase
  transport: Transport
  now?: () => number
  random?: () => number
  backoff?: BackoffPolicy
  /** Runs the drain while holding a lock across tabs; default: navigator.locks where it exists. */
  withLock?: (run: () => Promise<void>) => Promise<void>
  onState?: (state: SyncState) => void
  /** Handles kinds other than saveDraft (uploads, submissions) as they are added. */
  handlers?: Partial<Record<OutboxRecord['kind'], RowHandler>>
}

export type RowHandler = (db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord) => Promise<StepResult>

/** One tab syncs at a time; the others skip (their triggers are merged into the running drain). */
export function browserLock(run: () => Promise<void>): Promise<void> {
  if (typeof navigator === 'undefined' || !navigator.locks) return run()
  return navigator.locks.request('abh-sync', { ifAvailable: true }, async (lock) => {
    if (lock) await run()
  })
}

/**
 * The outbox engine (docs/sync-protocol.md, step 7). requestSync() may be called from anywhere and as
 * often as wanted: calls during a drain merge into one more pass after it.
 */
export function createSyncEngine(deps: SyncEngineDeps) {
  const now = deps.now ?? Date.now
  const random = deps.random ?? Math.random
  const policy = deps.backoff ?? defaultBackoff
  const withLock = deps.withLock ?? browserLock
  const handlers: Partial<Record<OutboxRecord['kind'], RowHandler>> = { saveDraft: pushDraft, ...deps.handlers }
  const { db } = deps
  let running: Promise<void> | undefined
  let again = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastProblem: SyncState['lastProblem']
  // Set by retryNow(): the next pass ignores backoff waits (the connection just came back).
  let skipBackoff = false

  // Attempts that failed on the network since the server last answered any request: the link's
  // state, not a row's, picks the wait on the short schedule.
  let networkFailures = 0

  /** Rows waiting out a network failure may go now; waits for a struggling server (5xx, 429) stay. */
  function endNetworkWaits() {
    return db.outbox
      .filter((row) => row.waitingFor === 'network' && row.nextAttemptAt !== undefined)
      .modify((row) => {
        delete row.nextAttemptAt
      })
  }

  /** The server answered: after network failures, every row waiting for the link may go at once. */
  async function answered() {
    if (networkFailures === 0) return
    networkFailures = 0
    await endNetworkWaits()
  }

  // Every request of the handlers passes here, so progress counts per request, not per row: a
  // registration that gets through after failures lets the draft's save go at once.
  const transport: Transport = async (request) => {
    const response = await deps.transport(request)
    await answered()
    return response
  }

  async function report(phase: SyncState['phase']) {
    const rows = await db.outbox.toArray()
    deps.onState?.({ phase, pending: rows.length, blocked: rows.filter((row) => row.blockedReason).length, lastProblem })
  }

  function scheduleAt(time: number) {
    clearTimeout(timer)
    timer = setTimeout(() => void requestSync(), Math.max(0, time - now()))
  }

  /**
   * Step 6: a failed attempt waits, with the attempts counted for the backoff. An attempt that
   * moved an upload forward starts the count again: backoff is for failing without progress.
   */
  async function postpone(row: OutboxRecord, cause: FailureCause, retryAfter: number | undefined, progressed = false) {
    lastProblem = cause
    const attempts = progressed ? 0 : row.attempts + 1
    if (cause === 'network') networkFailures = progressed ? 1 : networkFailures + 1
    const at = now() + retryDelay(cause, cause === 'network' ? networkFailures : attempts, retryAfter, policy, random)
    if (row.seq !== undefined) await db.outbox.update(row.seq, { attempts, nextAttemptAt: new Date(at).toISOString(), waitingFor: cause })
    scheduleAt(at)
  }

  const causeOf = (error: unknown): FailureCause => (error instanceof NetworkError ? 'network' : 'server')

  /** The first row that may go now: in order, and never past an unfinished earlier row of the same draft. */
  function nextRow(rows: OutboxRecord[], ignoreWaits: boolean): { row?: OutboxRecord; waitUntil?: number } {
    const stuckDrafts = new Set<string>()
    for (const row of rows) {
      if (stuckDrafts.has(row.draftId)) continue
      if (row.blockedReason) {
        stuckDrafts.add(row.draftId)
        continue
      }
      if (!handlers[row.kind]) {
        stuckDrafts.add(row.draftId)
        continue
      }
      const due = row.nextAttemptAt && !ignoreWaits ? Date.parse(row.nextAttemptAt) : 0
      if (due > now()) return { waitUntil: due }
      return { row }
    }
    return {}
  }

  async function drain() {
    await report('running')
    const ignoreWaits = skipBackoff
    skipBackoff = false
    let token: string | undefined
    for (;;) {
      // Nothing goes over the network unless a row is due: triggers while offline cost nothing.
      const { row, waitUntil } = nextRow(await db.outbox.orderBy('seq').toArray(), ignoreWaits)
      if (row && token === undefined) {
        try {
          token = (await ensureCredentials(db, transport)).token
        } catch (error) {
          if (error instanceof SyncRefused && error.code === signedOutCode) {
            lastProblem = 'signedOut'
            await report('idle')
            return
          }
          if (!(error instanceof NetworkError) && !(error instanceof SyncRefused)) throw error
          await postpone(row, causeOf(error), undefined)
          await report('waiting')
          return
        }
      }
      if (!row || token === undefined) {
        if (waitUntil !== undefined) {
          scheduleAt(waitUntil)
          await report('waiting')
        } else {
          lastProblem = undefined
          await report('idle')
        }
        return
      }
      let result: StepResult
      try {
        result = await (handlers[row.kind] as RowHandler)(db, transport, token, row)
      } catch (error) {
        // A request that broke off is a network failure; anything unexpected (a storage hiccup, a
        // body that is not what was promised) waits out the long backoff instead of stopping the engine.
        await postpone(row, causeOf(error), undefined)
        await report('waiting')
        return
      }
      // tus requests do not pass the transport: an upload that finished or moved forward is an answer too.
      if (result.kind !== 'retry' || result.progressed) await answered()
      if (result.kind === 'done' && row.seq !== undefined) await db.outbox.delete(row.seq)
      if (result.kind === 'retry') {
        const cause = result.response ? 'server' : 'network'
        await postpone(row, cause, retryAfterMs(result.response?.headers.get('retry-after'), now()), result.progressed)
        await report('waiting')
        return
      }
      if (result.kind === 'unauthorized' && isSignedOutAnswer(result.response)) {
        // Not the row's fault: it stays unblocked, and goes once the device is linked again.
        await markSignedOut(db)
        lastProblem = 'signedOut'
        await report('idle')
        return
      }
      if (result.kind === 'unauthorized') {
        lastProblem = 'unauthorized'
        if (row.seq !== undefined) await db.outbox.update(row.seq, { blockedReason: 'UNAUTHORIZED' })
        await report('idle')
        return
      }
      if (result.kind === 'refused' && row.seq !== undefined) {
        const code = (result.response.body as { code?: string } | undefined)?.code ?? `HTTP_${result.response.status}`
        await db.outbox.update(row.seq, { blockedReason: code })
      }
    }
  }

  /** Drains the outbox now, or once more right after the drain that is under way. */
  function requestSync(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await withLock(drain)
        } while (again)
      } finally {
        running = undefined
      }
    })()
    return running
  }

  /**
   * The connection is back (an `online` event, the page shown again): rows waiting out a backoff
   * may go now. Blocked rows stay blocked; they wait for the applicant.
   */
  async function retryNow() {
    skipBackoff = true
    networkFailures = 0
    await requestSync()
  }

  /**
   * Something outside the engine got an answer from the server (the connection probe's
   * `GET /api/health`): rows waiting out a network failure go now.
   */
  async function connectionRestored() {
    networkFailures = 0
    await endNetworkWaits()
    await requestSync()
  }

  /** Lets a blocked or waiting row go again now (the retry button). */
  async function retryRow(seq: number) {
    await db.outbox.update(seq, { blockedReason: undefined, nextAttemptAt: undefined })
    await requestSync()
  }

  function stop() {
    clearTimeout(timer)
  }

  return { requestSync, retryNow, retryRow, connectionRestored, stop }
}

export type SyncEngine = ReturnType<typeof createSyncEngine>
