/** Where a message of the server's e-mail outbox stands (docs/architecture.md, "Outbound e-mail"). */
export const mailStatuses = ['queued', 'sending', 'sent', 'failed', 'refused'] as const
export type MailStatus = (typeof mailStatuses)[number]

/** `GET /api/staff/mail`: the admin's view of the outbox, without recipients or contents. */
export interface MailOverview {
  /** SMTP_URL is set: messages are sent; otherwise they wait in the queue. */
  enabled: boolean
  counts: Record<MailStatus, number>
  /** Failed and refused messages, newest first: what and why, never to whom or what they said. */
  undelivered: { id: string; kind: string; status: MailStatus; attempts: number; lastError: string | null; createdAt: string }[]
}

/** A written contact answered by e-mail, with where its e-mail stands (the front desk's day). */
export interface EmailReply {
  bookingId: string
  reference: string
  repliedAt: string
  mail: MailStatus
}
