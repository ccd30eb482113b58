import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import type { StepResult } from './steps'
import { classifyStatus, type Transport } from './transport'

/** deleteDraft and deleteDocument rows: gone on the server, or never there, is the same success. */
export async function deleteRemote(_db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> {
  const collection = row.kind === 'deleteDraft' ? 'drafts' : 'documents'
  const response = await transport({ method: 'DELETE', path: `/api/${collection}/${encodeURIComponent(row.entityId)}`, token })
  if (response.status === 404) return { kind: 'done' }
  const outcome = classifyStatus(response.status)
  if (outcome === 'done') return { kind: 'done' }
  if (outcome === 'unauthorized' || outcome === 'refused') return { kind: outcome, response }
  return { kind: 'retry', response }
}
