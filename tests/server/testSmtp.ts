import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  /** The envelope recipients, as RCPT TO named them. */
  to: string[]
  /** The message as it arrived, headers and all. */
  raw: string
  parsed: ParsedMail
}

/**
 * A real SMTP server in the test process (smtp-server), on a free port, that keeps what arrives.
 * `refuse` decides per recipient: a 4xx (try later) or 5xx (refused) reply at RCPT TO, or accept.
 */
export interface TestSmtp {
  url: string
  received: ReceivedMail[]
  refuse: (recipient: string) => 421 | 450 | 550 | undefined
  /** Waits until `count` messages have arrived (the test's own timeout bounds it). */
  waitFor(count: number): Promise<ReceivedMail[]>
  stop(): Promise<void>
}

/** `hideSMTPUTF8`: a relay that does not offer SMTPUTF8 (RFC 6531). */
export async function startTestSmtp(port = 0, options: { hideSMTPUTF8?: boolean } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  const smtp: TestSmtp = {
    url: '',
    received,
    refuse: () => undefined,
    async waitFor(count) {
      while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 20))
      return received
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    hideSMTPUTF8: options.hideSMTPUTF8 ?? false,
    onRcptTo(address, _session, callback) {
      const code = smtp.refuse(address.address)
      if (code === undefined) return callback()
      const error = Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Try again later'), { responseCode: code })
      callback(error)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        void simpleParser(raw).then((parsed) => {
          received.push({ to: (session.envelope.rcptTo ?? []).map((entry) => entry.address), raw, parsed })
          callback()
        }, callback)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  smtp.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
  return smtp
}
