import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { ApplicationStatus } from '../../src/domain/applicationStatus.js'
import type { Executor } from './database.js'
import type { Schema } from './schema.js'

/** What the case search looks for; every criterion given must hold. */
export interface CaseCriteria {
  serviceId?: string
  status?: ApplicationStatus
  /** Submitted at or after this instant (ISO 8601, UTC). */
  submittedFrom?: string
  /** Submitted before this instant. */
  submittedBefore?: string
  /** A part of the reference, in upper case as references are written. */
  referencePart?: string
  /** Folded words, each the beginning of some word of the applicant's names (application_name_words). */
  nameWordPrefixes?: string[]
}

export interface CaseListRow {
  reference: string
  serviceId: string
  status: ApplicationStatus
  submittedAt: string
  answers: Record<string, unknown>
}

/** A page of matches, newest first, and how many match, counted no further than the limit + 1. */
export interface CaseSearchResult {
  rows: CaseListRow[]
  matched: number
}

// Above every character a name can hold: word >= 'yil' AND word < 'yil' || this is "starts with
// yil" as an index range, comparing code points (SQLite's BINARY, PostgreSQL's COLLATE "C").
const afterEveryCharacter = '\u{10FFFF}'

/**
 * An engine does not know how common a name word is (SQLite keeps few statistics, PostgreSQL's
 * may be old), and a wrong guess reads every application. So the search decides itself:
 * - the name words and the reference part are looked up in their own indexes first; when they
 *   leave at most `candidateLimit` applications, only those are read (by primary key), filtered,
 *   ordered and counted here: exact, and never more than a thousand small rows;
 * - otherwise the matches are common, and the applications are walked newest first along the
 *   index of the filters, checking each, where matches come soon; the count stops at the limit.
 */
const candidateLimit = 1000

const likeEscape = (text: string) => text.replace(/[!%_]/g, '!$&')

const wordRange = (prefix: string) => [prefix, `${prefix}${afterEveryCharacter}`] as const

function referencesWithWord(db: Executor, prefix: string) {
  const [from, to] = wordRange(prefix)
  return db.selectFrom('application_name_words').select('reference').where('word', '>=', from).where('word', '<', to)
}

/** Applications with a word beginning with each prefix: the first word's index range, each further word probed by application. */
function referencesWithAllWords(db: Executor, prefixes: string[]) {
  const [first = '', ...others] = prefixes
  const [from, to] = wordRange(first)
  let query = db.selectFrom('application_name_words as w0').select('w0.reference').where('w0.word', '>=', from).where('w0.word', '<', to)
  others.forEach((prefix, index) => {
    const [otherFrom, otherTo] = wordRange(prefix)
    const alias = `w${index + 1}` as 'w1'
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom(`application_name_words as ${alias}`)
          .select(`${alias}.reference`)
          .whereRef(`${alias}.reference`, '=', 'w0.reference')
          .where(`${alias}.word`, '>=', otherFrom)
          .where(`${alias}.word`, '<', otherTo),
      ),
    )
  })
  return query.distinct()
}

/** The distinct references a query finds, or undefined when it finds more than `candidateLimit` rows. */
async function fewReferences(query: { limit(count: number): { execute(): Promise<{ reference: string }[]> } }): Promise<Set<string> | undefined> {
  const rows = await query.limit(candidateLimit + 1).execute()
  return rows.length > candidateLimit ? undefined : new Set(rows.map((row) => row.reference))
}

const intersect = (left: Set<string>, right: Set<string>) => new Set([...left].filter((reference) => right.has(reference)))

/**
 * The applications the name words and the reference part leave, when they are few: each word on
 * its own, then (all of them common) the words together. Undefined when nothing narrows the
 * search that far.
 */
async function fewCandidates(db: Executor, criteria: CaseCriteria): Promise<Set<string> | undefined> {
  const prefixes = criteria.nameWordPrefixes ?? []
  const found: Set<string>[] = []
  const commonPrefixes: string[] = []
  for (const prefix of prefixes) {
    const references = await fewReferences(referencesWithWord(db, prefix))
    if (references) found.push(references)
    else commonPrefixes.push(prefix)
  }
  if (found.length === 0 && prefixes.length > 1) {
    const together = await fewReferences(referencesWithAllWords(db, prefixes))
    if (together) return together
  }
  if (criteria.referencePart !== undefined) {
    // Reads the index of references only, not the rows.
    const pattern = `%${likeEscape(criteria.referencePart)}%`
    const references = await fewReferences(db.selectFrom('applications').select('reference').where(sql<boolean>`reference LIKE ${pattern} ESCAPE '!'`))
    if (references) found.push(references)
  }
  if (found.length === 0) return undefined
  let candidates = found.reduce(intersect)
  // Words that were common on their own still have to hold for each candidate.
  for (const prefix of commonPrefixes) {
    if (candidates.size === 0) break
    const [from, to] = wordRange(prefix)
    const rows = await db
      .selectFrom('application_name_words')
      .select('reference')
      .where('reference', 'in', [...candidates])
      .where('word', '>=', from)
      .where('word', '<', to)
      .execute()
    candidates = new Set(rows.map((row) => row.reference))
  }
  return candidates
}

const newestFirst = (a: { submittedAt: string; reference: string }, b: { submittedAt: string; reference: string }) =>
  a.submittedAt === b.submittedAt ? (a.reference < b.reference ? 1 : -1) : a.submittedAt < b.submittedAt ? 1 : -1

/** Whether a candidate meets the criteria that its lookup did not already check. */
function meetsFilters(row: { reference: string; service_id: string; status: string; submitted_at: string }, criteria: CaseCriteria): boolean {
  return (
    (criteria.serviceId === undefined || row.service_id === criteria.serviceId) &&
    (criteria.status === undefined || row.status === criteria.status) &&
    (criteria.submittedFrom === undefined || row.submitted_at >= criteria.submittedFrom) &&
    (criteria.submittedBefore === undefined || row.submitted_at < criteria.submittedBefore) &&
    (criteria.referencePart === undefined || row.reference.includes(criteria.referencePart))
  )
}

const toListRow = (row: { reference: string; service_id: string; status: string; submitted_at: string; answers: string }): CaseListRow => ({
  reference: row.reference,
  serviceId: row.service_id,
  status: row.status as ApplicationStatus,
  submittedAt: row.submitted_at,
  answers: JSON.parse(row.answers) as Record<string, unknown>,
})

async function rowsOf(db: Executor, references: string[]): Promise<CaseListRow[]> {
  if (references.length === 0) return []
  const rows = await db.selectFrom('applications').select(['reference', 'service_id', 'status', 'submitted_at', 'answers']).where('reference', 'in', references).execute()
  return rows.map(toListRow).sort(newestFirst)
}

/** A page among few candidates: their filter columns read by primary key, the rest done here. */
async function searchAmong(db: Executor, candidates: Set<string>, criteria: CaseCriteria, page: { limit: number; offset: number }): Promise<CaseSearchResult> {
  if (candidates.size === 0) return { rows: [], matched: 0 }
  const rows = await db.selectFrom('applications').select(['reference', 'service_id', 'status', 'submitted_at']).where('reference', 'in', [...candidates]).execute()
  const matching = rows
    .filter((row) => meetsFilters(row, criteria))
    .map((row) => ({ reference: row.reference, submittedAt: row.submitted_at }))
    .sort(newestFirst)
  const pageReferences = matching.slice(page.offset, page.offset + page.limit).map((row) => row.reference)
  return { rows: await rowsOf(db, pageReferences), matched: matching.length }
}

/** Whether an application has a name word beginning with `prefix`. */
const hasNameWord = (eb: ExpressionBuilder<Schema, 'applications'>, prefix: string) => {
  const [from, to] = wordRange(prefix)
  return eb.exists(
    eb
      .selectFrom('application_name_words')
      .select('application_name_words.reference')
      .whereRef('application_name_words.reference', '=', 'applications.reference')
      .where('application_name_words.word', '>=', from)
      .where('application_name_words.word', '<', to),
  )
}

/** The criteria as one condition on `applications`, each name word as an EXISTS. */
function conditionOf(criteria: CaseCriteria, namePrefixes = criteria.nameWordPrefixes ?? []) {
  return (eb: ExpressionBuilder<Schema, 'applications'>) => {
    const conditions: Expression<SqlBool>[] = []
    if (criteria.serviceId !== undefined) conditions.push(eb('applications.service_id', '=', criteria.serviceId))
    if (criteria.status !== undefined) conditions.push(eb('applications.status', '=', criteria.status))
    if (criteria.submittedFrom !== undefined) conditions.push(eb('applications.submitted_at', '>=', criteria.submittedFrom))
    if (criteria.submittedBefore !== undefined) conditions.push(eb('applications.submitted_at', '<', criteria.submittedBefore))
    if (criteria.referencePart !== undefined) conditions.push(sql<SqlBool>`applications.reference LIKE ${`%${likeEscape(criteria.referencePart)}%`} ESCAPE '!'`)
    for (const prefix of namePrefixes) conditions.push(hasNameWord(eb, prefix))
    return eb.and(conditions)
  }
}

/**
 * Counts up to `limit` matches. With a name word, the count walks that word's index entries and
 * stops at the limit, instead of checking applications one by one until enough of them carry it.
 */
async function countMatches(db: Executor, criteria: CaseCriteria, limit: number): Promise<number> {
  const [driver, ...others] = criteria.nameWordPrefixes ?? []
  let matches
  if (driver === undefined) {
    matches = db.selectFrom('applications').select('applications.reference').where(conditionOf(criteria)).limit(limit)
  } else if (others.length === 0 && Object.keys(criteria).every((key) => key === 'nameWordPrefixes')) {
    // One word and nothing else: its index entries alone tell the number.
    matches = referencesWithWord(db, driver).distinct().limit(limit)
  } else {
    const [from, to] = wordRange(driver)
    matches = db
      .selectFrom('application_name_words as found')
      .innerJoin('applications', 'applications.reference', 'found.reference')
      // One application may have two words beginning alike ("Anna Alina").
      .select('applications.reference')
      .distinct()
      .where('found.word', '>=', from)
      .where('found.word', '<', to)
      .where(conditionOf(criteria, others))
      .limit(limit)
  }
  const row = await db
    .selectFrom(matches.as('matches'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** A page among many matches: the applications walked newest first along the index of the filters. */
async function searchInOrder(db: Executor, criteria: CaseCriteria, page: { limit: number; offset: number }, countLimit: number): Promise<CaseSearchResult> {
  const found = await db
    .selectFrom('applications')
    .select(['reference', 'service_id', 'status', 'submitted_at', 'answers'])
    .where(conditionOf(criteria))
    .orderBy('submitted_at', 'desc')
    .orderBy('reference', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const rows = found.map(toListRow)
  // A page that is not full is the last one: it tells the number without counting.
  const isLastPage = rows.length < page.limit && (rows.length > 0 || page.offset === 0)
  return { rows, matched: isLastPage ? page.offset + rows.length : await countMatches(db, criteria, countLimit + 1) }
}

/** Submitted applications matching the criteria: a page of them, newest first, and their number up to `countLimit` + 1. */
export async function searchApplications(db: Executor, criteria: CaseCriteria, page: { limit: number; offset: number }, countLimit: number): Promise<CaseSearchResult> {
  const candidates = await fewCandidates(db, criteria)
  return candidates ? searchAmong(db, candidates, criteria, page) : searchInOrder(db, criteria, page, countLimit)
}
