import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import AuthorityProfileEditor from '@/components/staff/AuthorityProfileEditor.vue'
import { translationLocales } from '@/domain/authoritySchema'
import { directionOf } from '@/domain/locales'
import { createAppI18n, extendMessages, switchLocale } from '@/i18n'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffDe from '@/i18n/staff/de.json'
import { createAppRouter } from '@/router'
import { staffMessages } from '@/staff/messages'
import { useAuthorityStore } from '@/stores/authority'
import { authorityProfile } from '../unit/authorityFactories'
import { mountWithApp } from './mountApp'

/** Answers `/api/authority` with a profile (or none) and anything else as a healthy server; records the requests. */
function serve(profile: unknown, staffAnswers: Record<string, () => Response> = {}) {
  const requests: { method: string; url: string; body?: unknown }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET'
      requests.push({ method, url: input, body: init?.body ? JSON.parse(String(init.body)) : undefined })
      const answer = staffAnswers[`${method} ${input}`]
      if (answer) return answer()
      if (input === '/api/authority') return Response.json({ profile })
      return Response.json({ status: 'ok', version: 'test' })
    }),
  )
  return requests
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('applicants see the authority', () => {
  it('neutrally in the header and on the imprint while it is not configured, never a placeholder', async () => {
    serve(null)
    const { wrapper } = await mountWithApp(undefined, { path: '/imprint' })
    await flushPromises()
    expect(wrapper.get('[data-testid="header-authority"]').text()).toBe(de.app.authority)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="legal-not-configured"]').exists()).toBe(true))
    expect(wrapper.findAll('main h2')).toHaveLength(0)
    expect(wrapper.text()).not.toMatch(/Platzhalter|[{}[\]]/)
    wrapper.unmount()
  })

  it('by name in the header, the title and the imprint once configured', async () => {
    serve(authorityProfile())
    const { wrapper } = await mountWithApp(undefined, { path: '/imprint' })
    await flushPromises()
    expect(wrapper.get('[data-testid="header-authority"]').text()).toBe('Stadt Musterstadt – Ausländerbehörde')
    await vi.waitFor(() => expect(document.title).toBe(`${de.legal.imprint.title} – ${de.app.name} – Stadt Musterstadt`))
    const text = wrapper.get('main').text()
    expect(text).toContain('Stadt Musterstadt, vertreten durch Oberbürgermeisterin Erika Mustermann.')
    expect(text).toContain('Ausländerbehörde, Rathausplatz 1, 12345 Musterstadt.')
    expect(text).toContain('Umsatzsteuer-Identifikationsnummer: DE123456789.')
    expect(wrapper.find('[data-testid="german-binding"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="legal-not-configured"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('in Arabic with the authority’s own translation, and the note that German is binding', async () => {
    serve(authorityProfile())
    const { wrapper } = await mountWithApp(undefined, { path: '/privacy', locale: 'ar' })
    await flushPromises()
    expect(wrapper.get('[data-testid="header-authority"]').text()).toBe('Stadt Musterstadt – دائرة شؤون الأجانب')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="german-binding"]').text()).toBe(ar.legal.germanBinding))
    // The value sits in a first-strong isolate (U+2068), as every placeholder in right-to-left text.
    expect(wrapper.get('main').text()).toContain('مدة الحفظ: \u2068Ausländerakten werden nach der Aktenordnung')
    wrapper.unmount()
  })
})

async function mountEditor(profile: unknown, staffAnswers: Record<string, () => Response> = {}) {
  const requests = serve(profile, { 'GET /api/staff/authority': () => Response.json({ profile }), ...staffAnswers })
  const pinia = createPinia()
  setActivePinia(pinia)
  const i18n = createAppI18n()
  await switchLocale(i18n.global, 'de')
  await extendMessages(i18n.global, staffMessages)
  const router = createAppRouter(createMemoryHistory())
  const wrapper = mount(AuthorityProfileEditor, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, requests }
}

const field = (wrapper: Awaited<ReturnType<typeof mountEditor>>['wrapper'], path: string) => wrapper.get(`[data-field="${path}"]`)

describe('the authority profile editor', () => {
  it('says the profile is not configured, and on saving an empty form names each missing field without sending it', async () => {
    const { wrapper, requests } = await mountEditor(null)
    expect(wrapper.get('[data-testid="authority-not-configured"]').text()).toBe(staffDe.authority.notConfigured)
    expect(wrapper.get('[data-testid="authority-preview"]').text()).toContain(staffDe.authority.previewEmpty)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(field(wrapper, 'name').attributes('aria-invalid')).toBe('true')
    const nameError = wrapper.get(`#${field(wrapper, 'name').attributes('aria-describedby')}`)
    expect(nameError.text()).toBe(staffDe.authority.errors.required)
    expect(wrapper.get('.form-error-summary').text()).toContain(staffDe.authority.fields.name)
    expect(requests.filter((request) => request.method === 'PUT')).toEqual([])
  })

  it('shows a field’s own error as it is typed, previews header, confirmation and imprint, and saves the profile', async () => {
    const stored = { ...authorityProfile(), email: 'kaputt' }
    const { wrapper, requests } = await mountEditor(stored, {
      'PUT /api/staff/authority': () => Response.json({ profile: authorityProfile(), updatedAt: '2026-12-01T20:00:00.000Z' }),
    })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain(staffDe.authority.errors.email)
    expect(requests.filter((request) => request.method === 'PUT')).toEqual([])

    await field(wrapper, 'email').setValue('auslaenderbehoerde@musterstadt.example')
    await field(wrapper, 'places[0].mapUrl').setValue('http://karte.example')
    expect(wrapper.text()).toContain(staffDe.authority.errors.url)
    await field(wrapper, 'places[0].mapUrl').setValue('https://www.openstreetmap.org/?mlat=50.1&mlon=8.6')
    expect(wrapper.find('.form-error-summary').exists()).toBe(false)

    expect(wrapper.get('[data-testid="preview-header"]').text()).toBe('Stadt Musterstadt – Ausländerbehörde')
    const confirmation = wrapper.get('[data-testid="preview-confirmation"]').text()
    expect(confirmation).toContain('Ort: Schalter 1 · Bürgerbüro im Rathaus')
    expect(confirmation).toContain('Rathausplatz 1')
    expect(confirmation).toContain('Öffnungszeiten: Mo–Fr 8–12 Uhr, Do 14–18 Uhr')
    expect(wrapper.get('[data-testid="preview-imprint"]').text()).toContain('Telefon: +49 1234 56-0. E-Mail: auslaenderbehoerde@musterstadt.example.')

    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const [put] = requests.filter((request) => request.method === 'PUT')
    expect(put?.body).toEqual(authorityProfile())
    expect(useAuthorityStore().profile).toEqual(authorityProfile())
    expect(wrapper.get('[role="status"]').text()).toBe(staffDe.authority.saved)
  })

  it('offers a translation in every applicant language, written in its own direction, and saves only those filled in', async () => {
    const { wrapper, requests } = await mountEditor(authorityProfile(), {
      'PUT /api/staff/authority': () => Response.json({ profile: authorityProfile(), updatedAt: '2026-12-01T20:00:00.000Z' }),
    })
    const retention = field(wrapper, 'privacy.retention').element.closest('.authority-field')!
    const inputs = [...retention.querySelectorAll<HTMLTextAreaElement>('.authority-field__translations textarea')]
    expect(inputs.map((input) => [input.lang, input.dir])).toEqual(translationLocales.map((locale) => [locale, directionOf(locale)]))
    const persian = inputs.find((input) => input.lang === 'fa')!
    persian.value = 'پرونده‌ها ده سال نگهداری می‌شوند.'
    persian.dispatchEvent(new Event('input'))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const [put] = requests.filter((request) => request.method === 'PUT')
    expect((put?.body as ReturnType<typeof authorityProfile>).privacy.retention).toEqual({ ...authorityProfile().privacy.retention, fa: 'پرونده‌ها ده سال نگهداری می‌شوند.' })
  })

  it('marks the fields the server refused', async () => {
    const { wrapper } = await mountEditor(authorityProfile(), {
      'PUT /api/staff/authority': () =>
        Response.json({ code: 'VALIDATION_FAILED', message: 'x', fields: { 'places[1].address.city': { code: 'tooLong', messageKey: 'staff.authority.errors.tooLong' } } }, { status: 422 }),
    })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(field(wrapper, 'places[1].address.city').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('[role="alert"]').text()).toBe(de.errors.VALIDATION_FAILED)
  })
})

