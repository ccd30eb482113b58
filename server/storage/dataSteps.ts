import type { Transaction } from 'kysely'
import { nameWords } from '../../src/domain/names.js'
import type { Schema } from './schema.js'

/** Work in TypeScript that a migration needs beyond its SQL, run in the migration's transaction. */
export type DataStep = (tx: Transaction<Schema>) => Promise<void>

/** 010: the name words of the applications submitted before case search had its index. */
async function indexExistingApplicationNames(tx: Transaction<Schema>): Promise<void> {
  const applications = await tx.selectFrom('applications').select(['reference', 'answers']).execute()
  for (const application of applications) {
    const answers = JSON.parse(application.answers) as { surname?: string; givenNames?: string }
    const words = nameWords(answers.surname, answers.givenNames)
    if (words.length > 0) await tx.insertInto('application_name_words').values(words.map((word) => ({ reference: application.reference, word }))).execute()
  }
}

/**
 * The name words again, folded as names.ts folds them now (Persian joiners and letter variants):
 * a stored word folded the old way would no longer meet what staff type.
 */
async function refoldApplicationNames(tx: Transaction<Schema>): Promise<void> {
  await tx.deleteFrom('application_name_words').execute()
  await indexExistingApplicationNames(tx)
}

export const dataSteps: Record<number, DataStep> = {
  10: indexExistingApplicationNames,
  15: refoldApplicationNames,
}
