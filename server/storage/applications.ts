import type { ApplicationStatus, StatusEvent } from '../../src/domain/applicationStatus.js'
import { nameWords } from '../../src/domain/names.js'
import type { Executor } from './database.js'
import type { Schema } from './schema.js'

export interface StoredApplication {
  reference: string
  applicantId: string
  draftId: string
  serviceId: string
  answers: Record<string, unknown>
  status: ApplicationStatus
  submittedAt: string
}

const fromRow = (row: Schema['applications']): StoredApplication => ({
  reference: row.reference,
  applicantId: row.applicant_id,
  draftId: row.draft_id,
  serviceId: row.service_id,
  answers: JSON.parse(row.answers) as Record<string, unknown>,
  status: row.status as ApplicationStatus,
  submittedAt: row.submitted_at,
})

/** The status of the application made from a draft, or undefined while the draft is not submitted. */
export async function statusOfDraft(db: Executor, draftId: string): Promise<ApplicationStatus | undefined> {
  const row = await db.selectFrom('applications').select('status').where('draft_id', '=', draftId).executeTakeFirst()
  return row?.status as ApplicationStatus | undefined
}

/** Whether the draft became an application: then its answers and pages are the authority's record. */
export async function isSubmitted(db: Executor, draftId: string): Promise<boolean> {
  return (await statusOfDraft(db, draftId)) !== undefined
}

/** The next number of a year, atomically (one statement, so instances sharing the database never hand one out twice). */
export async function nextReferenceNumber(db: Executor, year: number): Promise<number> {
  const row = await db
    .insertInto('reference_counters')
    .values({ year, last_number: 1 })
    .onConflict((conflict) => conflict.column('year').doUpdateSet((eb) => ({ last_number: eb('reference_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return row.last_number
}

/** Stores a submitted application with the folded words of its names for the case search. */
export async function insertApplication(db: Executor, application: StoredApplication): Promise<void> {
  await db
    .insertInto('applications')
    .values({
      reference: application.reference,
      applicant_id: application.applicantId,
      draft_id: application.draftId,
      service_id: application.serviceId,
      answers: JSON.stringify(application.answers),
      status: application.status,
      submitted_at: application.submittedAt,
    })
    .execute()
  const words = nameWords(application.answers.surname as string | undefined, application.answers.givenNames as string | undefined)
  if (words.length > 0) await db.insertInto('application_name_words').values(words.map((word) => ({ reference: application.reference, word }))).execute()
}

export async function findApplication(db: Executor, reference: string): Promise<StoredApplication | undefined> {
  const row = await db.selectFrom('applications').selectAll().where('reference', '=', reference).executeTakeFirst()
  return row && fromRow(row)
}

export async function applicationsOf(db: Executor, applicantId: string): Promise<StoredApplication[]> {
  const rows = await db.selectFrom('applications').selectAll().where('applicant_id', '=', applicantId).orderBy('submitted_at', 'desc').execute()
  return rows.map(fromRow)
}

/** Sets the status; false when there is no such application. */
export async function updateApplicationStatus(db: Executor, reference: string, status: ApplicationStatus): Promise<boolean> {
  const result = await db.updateTable('applications').set({ status }).where('reference', '=', reference).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Adds an event to an application's timeline; its id (the order of events, and the key of the e-mail about it). */
export async function insertStatusEvent(db: Executor, reference: string, event: StatusEvent): Promise<number> {
  const row = await db
    .insertInto('application_events')
    .values({
      reference,
      status: event.status,
      note: event.note ?? null,
      requested_documents: event.requestedDocuments ? JSON.stringify(event.requestedDocuments) : null,
      due_date: event.dueDate ?? null,
      at: event.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/** The status events of applications, oldest first, by reference. */
export async function timelinesOf(db: Executor, references: string[]): Promise<Map<string, StatusEvent[]>> {
  const timelines = new Map<string, StatusEvent[]>(references.map((reference) => [reference, []]))
  if (references.length === 0) return timelines
  const rows = await db.selectFrom('application_events').selectAll().where('reference', 'in', references).orderBy('id').execute()
  for (const row of rows) {
    timelines.get(row.reference)?.push({
      status: row.status as ApplicationStatus,
      at: row.at,
      ...(row.note ? { note: row.note } : {}),
      ...(row.requested_documents ? { requestedDocuments: JSON.parse(row.requested_documents) as string[] } : {}),
      ...(row.due_date ? { dueDate: row.due_date } : {}),
    })
  }
  return timelines
}
