import type { AbhDatabase } from './database'

/** How many pages each checklist item of a draft has on this device. */
export async function countPagesBySlot(db: AbhDatabase, draftId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  await db.documents.where({ draftId }).each((page) => {
    counts[page.slot] = (counts[page.slot] ?? 0) + 1
  })
  return counts
}
