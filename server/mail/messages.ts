import type { Booking } from '../../src/domain/booking.js'
import { directionOf, type Locale } from '../../src/domain/locales.js'
import { formatCalendarDay, formatInstant } from '../../src/domain/formats.js'
import { calendarOfBooking } from '../services/booking.js'
import { signature, type AuthorityDetails } from './authorityDetails.js'
import { mailText } from './texts.js'

/**
 * What the outbox sends (docs/architecture.md, "Outbound e-mail"), each rendered in the
 * applicant's language from the `mail` texts, as plain text with a simple HTML twin: no images, no
 * remote content, no tracking. Notices about a case (status, requested documents) carry no case
 * content: they say that there is news and link to the app.
 */
export const mailKinds = [
  'bookingConfirmed',
  'bookingMoved',
  'bookingCancelled',
  'bookingCancelledByAuthority',
  'appointmentReminder',
  'writtenReply',
  'statusChanged',
  'documentsRequested',
  'documentReminder',
] as const
export type MailKind = (typeof mailKinds)[number]

/** The booking as it stood when the event happened, without what the applicant wrote. */
export type BookingSnapshot = Pick<Booking, 'bookingId' | 'reference' | 'channel' | 'topic' | 'status' | 'createdAt' | 'startsAt' | 'endsAt' | 'place' | 'dueDate'>

export type MailPayload =
  | { kind: 'bookingConfirmed' | 'bookingMoved' | 'bookingCancelled' | 'bookingCancelledByAuthority' | 'appointmentReminder'; booking: BookingSnapshot }
  | { kind: 'writtenReply'; reference: string; reply: string }
  | { kind: 'statusChanged' }
  | { kind: 'documentsRequested' | 'documentReminder'; dueDate: string }

export interface MailContext {
  locale: Locale
  /** The app's public address (PUBLIC_URL), for links. */
  publicUrl: string
  authority: AuthorityDetails
  /** The link that stops notices for this applicant. */
  unsubscribeUrl: string
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
  attachments: { filename: string; content: string; contentType: string }[]
}

/** A paragraph as text and as HTML: values escaped and isolated (`<bdi>`, for references in Arabic text). */
interface Paragraph {
  text: string
  html: string
}

/** Text for HTML: the five characters that could open markup or end an attribute, as references. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

const link = (url: string) => ({ text: url, html: `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` })

function paragraph(locale: Locale, key: string, values: Record<string, string | { text: string; html: string }> = {}): Paragraph {
  const asText = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, typeof value === 'string' ? value : value.text]))
  // The template with its {placeholders} left in (escaping leaves braces alone), then each filled with its HTML.
  const html = escapeHtml(mailText(locale, key)).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name]
    if (value === undefined) return whole
    return typeof value === 'string' ? `<bdi>${escapeHtml(value)}</bdi>` : value.html
  })
  return { text: mailText(locale, key, asText), html }
}

const plain = (text: string): Paragraph => ({ text, html: escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>') })

// The app's Intl tags and the authority's clock (Persian with Gregorian dates, Arabic month names as in the app).
const formatWhen = (locale: Locale, iso: string) => formatInstant(locale, iso, { dateStyle: 'full', timeStyle: 'short' })

/** A calendar date (YYYY-MM-DD) in words, the same in every time zone. */
const formatDate = (locale: Locale, date: string) => formatCalendarDay(locale, date, { dateStyle: 'long' })

function bookingParagraphs(locale: Locale, booking: BookingSnapshot): Paragraph[] {
  const lines = [paragraph(locale, 'reference', { reference: booking.reference })]
  if (booking.startsAt) lines.push(paragraph(locale, 'when', { time: formatWhen(locale, booking.startsAt) }))
  if (booking.channel === 'phone') lines.push(paragraph(locale, 'callback'))
  else if (booking.place) lines.push(paragraph(locale, 'where', { place: booking.place }))
  if (booking.dueDate) lines.push(paragraph(locale, 'due', { date: formatDate(locale, booking.dueDate) }))
  return lines
}

function bodyOf(payload: MailPayload, context: MailContext): { subject: string; paragraphs: Paragraph[]; attachments: RenderedMail['attachments'] } {
  const { locale } = context
  const kind = `kinds.${payload.kind}`
  const appLink = (path: string) => paragraph(locale, 'openApp', { link: link(new URL(path, context.publicUrl).href) })
  switch (payload.kind) {
    case 'bookingConfirmed':
    case 'bookingMoved':
    case 'bookingCancelled':
    case 'bookingCancelledByAuthority':
    case 'appointmentReminder': {
      const { booking } = payload
      // The calendar file goes with a new or moved appointment; a cancellation's file would cancel it in the calendar, but few clients apply that.
      const withCalendar = payload.kind === 'bookingConfirmed' || payload.kind === 'bookingMoved'
      return {
        subject: mailText(locale, `${kind}.subject`, { reference: booking.reference }),
        paragraphs: [
          paragraph(locale, `${kind}.body`),
          ...bookingParagraphs(locale, booking),
          ...(withCalendar ? [paragraph(locale, 'calendar')] : []),
          appLink('/appointments'),
        ],
        attachments: withCalendar ? [{ filename: `termin-${booking.reference}.ics`, content: calendarOfBooking(booking, context.authority.profile, context.publicUrl), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] : [],
      }
    }
    case 'writtenReply':
      return {
        subject: mailText(locale, `${kind}.subject`, { reference: payload.reference }),
        paragraphs: [paragraph(locale, `${kind}.body`), plain(payload.reply), paragraph(locale, 'reference', { reference: payload.reference }), appLink('/appointments')],
        attachments: [],
      }
    case 'statusChanged':
      return { subject: mailText(locale, `${kind}.subject`), paragraphs: [paragraph(locale, `${kind}.body`), appLink('/applications')], attachments: [] }
    case 'documentsRequested':
    case 'documentReminder': {
      const date = formatDate(locale, payload.dueDate)
      return { subject: mailText(locale, `${kind}.subject`, { date }), paragraphs: [paragraph(locale, `${kind}.body`, { date }), appLink('/applications')], attachments: [] }
    }
  }
}

/** The message of an outbox row, ready for the transport. */
export function renderMail(payload: MailPayload, context: MailContext): RenderedMail {
  const { locale } = context
  const { subject, paragraphs, attachments } = bodyOf(payload, context)
  const all = [
    plain(mailText(locale, 'greeting')),
    ...paragraphs,
    plain(`${mailText(locale, 'closing')}\n${signature(context.authority, locale).join('\n')}`),
    paragraph(locale, 'automatic'),
    paragraph(locale, 'unsubscribe', { link: link(context.unsubscribeUrl) }),
  ]
  const text = all.map((part) => part.text).join('\n\n')
  const html = [
    `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    ...all.map((part) => `<p>${part.html}</p>`),
    '</body></html>',
  ].join('\n')
  // A subject is one line whatever the data held (a reference never has a line break; this keeps it so).
  return { subject: subject.replace(/[\r\n]+/g, ' '), text, html, attachments }
}
