import type { TransportResponse } from './transport'

/** What handling one outbox row came to. */
export type StepResult =
  /** Acknowledged (or nothing left to do): the row is gone or was updated; go on. */
  | { kind: 'continue' }
  /** Nothing to send any more (its draft is gone): drop the row. */
  | { kind: 'done' }
  /** Worth trying again later: network trouble, 5xx, 429. `progressed`: part of an upload got through. */
  | { kind: 'retry'; response?: TransportResponse; progressed?: boolean }
  /** The device's token is not accepted. */
  | { kind: 'unauthorized'; response: TransportResponse }
  /** A 4xx that retrying cannot fix: the row waits for the applicant. */
  | { kind: 'refused'; response: TransportResponse }
