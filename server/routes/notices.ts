import { Router, type Response } from 'express'
import { parseApplicantLanguage, parseContactPreferences } from '../../src/domain/notices.js'
import { directionOf, referenceLocale, type Locale } from '../../src/domain/locales.js'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { rateLimited } from '../http/rateLimit.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { escapeHtml } from '../mail/messages.js'
import { mailText } from '../mail/texts.js'
import { applicantOfUnsubscribeToken, mailOverview, retryMail, unsubscribe } from '../services/mailOutbox.js'
import { contactPreferences, rememberLocale, saveContactPreferences } from '../services/notices.js'
import type { RateLimit } from '../services/rateLimit.js'
import { audit } from '../services/staff.js'
import type { Store } from '../storage/database.js'

/** Unsubscribe links are public: a mail client's one-click POST, a person's GET; guessing is hopeless (128-bit HMAC), floods are limited. */
const unsubscribeLimit: RateLimit = { limit: 60, windowMs: 10 * 60 * 1000 }

/**
 * `GET`/`PUT /api/applicant/contact`: the applicant's e-mail address, consent to notices and language;
 * `PUT /api/applicant/language`: the language alone, as the app sends it when it changes (docs/api.md).
 */
export function contactRoutes(store: Store): Router {
  const router = Router()
  router.use(['/applicant/contact', '/applicant/language'], requireApplicant(store), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  router.put('/applicant/language', async (req, res) => {
    await rememberLocale(store.db, applicantOf(req), parseApplicantLanguage(req.body), new Date())
    res.status(204).end()
  })
  router.get('/applicant/contact', async (req, res) => {
    res.json(await contactPreferences(store, applicantOf(req)))
  })
  router.put('/applicant/contact', async (req, res) => {
    res.json(await saveContactPreferences(store, applicantOf(req), parseContactPreferences(req.body)))
  })
  return router
}

/** `GET`/`POST /api/staff/mail…`: the admin's view of the outbox, and a retry of a failed or refused message (audited). */
export function mailAdminRoutes(store: Store, settings: { mailEnabled: boolean }): Router {
  const router = Router()
  router.use('/admin/mail', requireStaff(store, ['admin']), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  router.get('/admin/mail', async (_req, res) => {
    res.json(await mailOverview(store, settings.mailEnabled))
  })
  router.post('/admin/mail/:id/retry', async (req, res) => {
    await retryMail(store, req.params.id)
    await audit(store.db, staffOf(req).id, 'mail.retried', req.params.id)
    res.status(204).end()
  })
  return router
}

/** A page of its own, without the app: it must work from any mail client, with or without the app on the device. */
function sendPage(res: Response, status: number, locale: Locale, body: string): void {
  const title = escapeHtml(mailText(locale, 'unsubscribePage.title'))
  res
    .status(status)
    .setHeader('Cache-Control', 'no-store')
    .type('html')
    .send(`<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`)
}

/**
 * `/unsubscribe/:token`, the link in every e-mail: GET shows a confirmation (mail scanners follow
 * links, so a GET changes nothing), POST stops notices, also as RFC 8058's one-click POST.
 */
export function unsubscribeRoutes(store: Store): Router {
  const router = Router()
  const limited = rateLimited(store, 'unsubscribe', unsubscribeLimit)
  const localeOf = async (token: string): Promise<Locale | undefined> => {
    const applicantId = await applicantOfUnsubscribeToken(store, token)
    return applicantId ? (await contactPreferences(store, applicantId)).locale : undefined
  }
  const invalid = (res: Response) => sendPage(res, 404, referenceLocale, `<p>${escapeHtml(mailText(referenceLocale, 'unsubscribePage.invalid'))}</p>`)

  router.get('/unsubscribe/:token', limited, async (req, res) => {
    const locale = await localeOf(String(req.params.token))
    if (!locale) return invalid(res)
    sendPage(
      res,
      200,
      locale,
      `<p>${escapeHtml(mailText(locale, 'unsubscribePage.confirm'))}</p><form method="post"><button type="submit">${escapeHtml(mailText(locale, 'unsubscribePage.button'))}</button></form>`,
    )
  })
  router.post('/unsubscribe/:token', limited, async (req, res) => {
    const locale = await localeOf(String(req.params.token))
    if (!locale) return invalid(res)
    await unsubscribe(store, String(req.params.token))
    sendPage(res, 200, locale, `<p role="status">${escapeHtml(mailText(locale, 'unsubscribePage.done'))}</p>`)
  })
  return router
}
