import type { AbhDatabase } from './database'

const persistRequestedKey = 'persistRequested'

/**
 * Asks the browser once, after the first real save, not to evict our data under storage pressure.
 * The answer is only a hint; nothing depends on it.
 */
export async function requestPersistentStorageOnce(db: AbhDatabase, storage: StorageManager | undefined = navigator.storage): Promise<void> {
  if (!storage?.persist) return
  if (await db.settings.get(persistRequestedKey)) return
  await db.settings.put({ key: persistRequestedKey, value: true })
  try {
    await storage.persist()
  } catch {
    // Some browsers reject outside user gestures; eviction stays possible but rare.
  }
}
