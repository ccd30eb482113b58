import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import nodemailer, { type Transporter } from 'nodemailer'
import { isEmailAddress, smtpAddress } from '../../src/domain/email.js'
import { claimMail, finishClaim, queueDueReminders, unsubscribeUrl, type ClaimedMessage } from '../services/mailOutbox.js'
import type { Store } from '../storage/database.js'
import { authorityDetails, type AuthorityDetails } from './authorityDetails.js'
import { renderMail, type MailPayload } from './messages.js'
import { mailLocale } from './texts.js'

/**
 * The e-mail worker (docs/architecture.md, "Outbound e-mail"): every instance may run one. Each
 * round claims due messages with a lease in the database, sends them over SMTP and marks them.
 * Delivery is at least once: a worker that dies after the relay took a message but before it
 * marked it leaves the row to be sent again when its lease runs out; every copy has the same
 * Message-ID, so mail clients show one. The lease is longer than any SMTP exchange can take (the
 * socket timeouts below), so a live worker never loses its claim mid-send.
 */
export interface MailWorkerOptions {
  smtpUrl: string
  from: string
  publicUrl: string
  /** Who holds a claim: unique per process. */
  owner?: string
  leaseMs?: number
  batchSize?: number
  /** After this many attempts a message is `failed` (shown to admins, retried only by them). */
  maxAttempts?: number
  /** The wait after the n-th failed attempt. */
  backoffMs?: (attempt: number) => number
  /** How often a round runs, and how often reminders are looked for. */
  intervalMs?: number
  reminderIntervalMs?: number
  now?: () => Date
  /** Where the authority's name and addresses come from (authorityDetails.ts unless a test says otherwise). */
  authority?: (store: Store) => Promise<AuthorityDetails>
}

export interface MailRound {
  sent: number
  retried: number
  failed: number
  refused: number
}

const minuteMs = 60_000
const smtpTimeoutMs = 60_000

/** 1, 2, 4 … minutes, at most 6 hours, with up to a fifth of jitter so that instances spread out. */
export const defaultBackoffMs = (attempt: number) => Math.min(2 ** (attempt - 1) * minuteMs, 6 * 60 * minuteMs) * (1 + Math.random() / 5)

/** What went wrong, without anything the relay said about the recipient: command, reply code, error code. */
function reasonOf(error: unknown): string {
  const { command, responseCode, code } = (error ?? {}) as { command?: unknown; responseCode?: unknown; code?: unknown }
  return [command, responseCode, code].filter((part) => typeof part === 'string' || typeof part === 'number').join(' ') || 'ERROR'
}

const isRecipientRefused = (error: unknown) => {
  const { command, responseCode } = (error ?? {}) as { command?: unknown; responseCode?: unknown }
  return command === 'RCPT TO' && typeof responseCode === 'number' && responseCode >= 500
}

const isPermanent = (error: unknown) => {
  const { responseCode } = (error ?? {}) as { responseCode?: unknown }
  return typeof responseCode === 'number' && responseCode >= 500
}

export function createMailWorker(store: Store, options: MailWorkerOptions) {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`
  const leaseMs = options.leaseMs ?? 5 * minuteMs
  const maxAttempts = options.maxAttempts ?? 10
  const backoffMs = options.backoffMs ?? defaultBackoffMs
  const now = options.now ?? (() => new Date())
  const fromDomain = smtpAddress(options.from).split('@')[1] ?? 'localhost'
  const transporter: Transporter = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: smtpTimeoutMs,
    greetingTimeout: smtpTimeoutMs,
    socketTimeout: smtpTimeoutMs,
  })

  async function send(message: ClaimedMessage): Promise<'sent' | 'retried' | 'failed' | 'refused'> {
    const at = now()
    if (!isEmailAddress(message.recipient)) {
      await finishClaim(store, message.id, owner, { status: 'refused', error: 'ADDRESS_INVALID' })
      return 'refused'
    }
    const locale = mailLocale(message.locale)
    try {
      // Inside the try: a row that cannot be rendered is retried and in the end failed, like one that cannot be sent.
      const authority = await (options.authority ?? authorityDetails)(store)
      const unsubscribe = await unsubscribeUrl(store, options.publicUrl, message.applicantId)
      const mail = renderMail(message.payload as MailPayload, { locale, publicUrl: options.publicUrl, authority, unsubscribeUrl: unsubscribe })
      await transporter.sendMail({
        // Address objects, never strings put together: nodemailer encodes the name, so no header can be injected through it.
        from: { name: authority.name, address: options.from },
        to: { name: '', address: smtpAddress(message.recipient) },
        ...(authority.email ? { replyTo: { name: authority.name, address: authority.email } } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
        messageId: `<${message.id}@${fromDomain}>`,
        // Content never names files or URLs for nodemailer to fetch; refuse it if it ever did.
        disableFileAccess: true,
        disableUrlAccess: true,
        // RFC 8058 one-click unsubscribe: mail clients POST to the link themselves.
        headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': locale, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        list: { unsubscribe: unsubscribe },
      })
    } catch (error) {
      if (isRecipientRefused(error)) {
        await finishClaim(store, message.id, owner, { status: 'refused', error: reasonOf(error) })
        return 'refused'
      }
      if (isPermanent(error) || message.attempts >= maxAttempts) {
        await finishClaim(store, message.id, owner, { status: 'failed', error: reasonOf(error) })
        return 'failed'
      }
      await finishClaim(store, message.id, owner, { status: 'queued', nextAttemptAt: at.getTime() + backoffMs(message.attempts), error: reasonOf(error) })
      return 'retried'
    }
    await finishClaim(store, message.id, owner, { status: 'sent', sentAt: now().toISOString() })
    return 'sent'
  }

  /** One round: claims due messages and sends them one after another. */
  async function runOnce(): Promise<MailRound> {
    const round: MailRound = { sent: 0, retried: 0, failed: 0, refused: 0 }
    const at = now().getTime()
    const claimed = await claimMail(store, { owner, now: at, leaseUntil: at + leaseMs, limit: options.batchSize ?? 10 })
    for (const message of claimed) round[await send(message)] += 1
    return round
  }

  let nextRound: NodeJS.Timeout | undefined
  let reminderTimer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false

  /** Rounds on a timer (one at a time, a full batch goes on at once), and the reminder step. */
  function start(): void {
    const loop = async (): Promise<void> => {
      if (stopped) return
      const round = await runOnce().catch(() => undefined)
      if (stopped) return
      const full = round !== undefined && round.sent + round.retried + round.failed + round.refused >= (options.batchSize ?? 10)
      nextRound = setTimeout(() => (running = loop()), full ? 0 : (options.intervalMs ?? 15_000)).unref()
    }
    running = loop()
    const reminders = () => void queueDueReminders(store, now()).catch(() => undefined)
    reminders()
    reminderTimer = setInterval(reminders, options.reminderIntervalMs ?? 10 * minuteMs).unref()
  }

  /** Stops after the round in flight (its claims are then finished or run out). */
  async function stop(): Promise<void> {
    stopped = true
    clearTimeout(nextRound)
    clearInterval(reminderTimer)
    await running.catch(() => undefined)
    transporter.close()
  }

  return { owner, runOnce, start, stop }
}
