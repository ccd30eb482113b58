import { parseNumber } from './numbers.js'
import type { Answers, Condition } from './types.js'

/** Whether a condition holds for the given answers; missing answers never match. */
export function conditionHolds(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((part) => conditionHolds(part, answers))
  if ('any' in condition) return condition.any.some((part) => conditionHolds(part, answers))
  const value = answers[condition.field]
  if ('equals' in condition) return value === condition.equals
  if ('oneOf' in condition) return value !== undefined && condition.oneOf.includes(value)
  const number = typeof value === 'string' ? parseNumber(value) : undefined
  return number !== undefined && number > condition.greaterThan
}

/** Whether a field or item with this `visibleWhen`/`when` applies. */
export function applies(condition: Condition | undefined, answers: Answers): boolean {
  return condition === undefined || conditionHolds(condition, answers)
}
