import type { Answers } from '@/domain/applications/types'
import type { FieldConflict } from '@/db/records'

export interface MergeResult {
  merged: Record<string, Answers[string]>
  conflicts: FieldConflict[]
}

/**
 * Three-way merge of a draft's answers (sync protocol step 4): a field changed on one side only
 * takes that side's value; a field changed on both sides to the same value is fine; a field
 * changed on both sides to different values is a conflict, and keeps the local value until the
 * applicant chooses. Nothing is silently overwritten.
 */
export function mergeAnswers(base: Answers, local: Answers, remote: Answers): MergeResult {
  const merged: Record<string, Answers[string]> = {}
  const conflicts: FieldConflict[] = []
  const fields = new Set([...Object.keys(base), ...Object.keys(local), ...Object.keys(remote)])
  for (const field of [...fields].sort()) {
    const [was, mine, theirs] = [base[field], local[field], remote[field]]
    const changedHere = mine !== was
    const changedThere = theirs !== was
    if (changedHere && changedThere && mine !== theirs) {
      conflicts.push({ field, local: mine, remote: theirs })
      merged[field] = mine
    } else {
      merged[field] = changedHere ? mine : theirs
    }
  }
  for (const field of Object.keys(merged)) if (merged[field] === undefined) delete merged[field]
  return { merged, conflicts }
}
