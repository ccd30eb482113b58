import { startSync } from '@/sync/start'
import { unsyncedCount, wipeDevice } from './assisted'
import { afterWipe } from './assistedSession'

/**
 * Ends an assisted session: refused while something is unsent, unless staff chose to discard it.
 * Returns the number of unsent items when it refused.
 */
export async function endAssistedSession(options: { discardUnsynced: boolean; reason: 'ended' | 'idle' }): Promise<number> {
  const unsynced = await unsyncedCount()
  if (unsynced > 0 && !options.discardUnsynced) {
    void startSync().retryNow()
    return unsynced
  }
  await wipeDevice()
  window.location.replace(afterWipe(options.reason))
  return 0
}
