import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { mountWithApp } from './mountApp'
import { serviceCatalogue } from '@/domain/catalogue'
import de from '@/i18n/locales/de.json'

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response('{"status":"ok","version":"test"}', { status: 200 })))
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the app shell', () => {
  it('has a skip link to the main landmark, a header with the product name and a footer', async () => {
    const { wrapper } = await mountWithApp()
    const skip = wrapper.get('a.layout-skip-link')
    expect(skip.attributes('href')).toBe('#main')
    expect(skip.text()).toBe(de.app.skipToContent)
    expect(wrapper.find('main#main').exists()).toBe(true)
    expect(wrapper.get('header').text()).toContain(de.app.name)
    // The bar keeps the connection state; the language and the applicant's links follow it and scroll away.
    expect(wrapper.get('header [role="status"]').text()).toContain(de.connection.online)
    expect(wrapper.find('header + nav select').exists()).toBe(true)
    expect(wrapper.get('header + nav').text()).toContain(de.nav.myApplications)
    wrapper.unmount()
  })

  it('links the imprint, privacy notice and accessibility statement from the footer', async () => {
    const { wrapper } = await mountWithApp()
    const links = wrapper.findAll('footer nav a')
    expect(links.map((link) => [link.text(), link.attributes('href')])).toEqual([
      [de.footer.imprint, '/imprint'],
      [de.footer.privacy, '/privacy'],
      [de.footer.accessibility, '/accessibility'],
    ])
    wrapper.unmount()
  })

  it('shows every service of the catalogue and the three contact channels on the home screen', async () => {
    const { wrapper } = await mountWithApp()
    const services = wrapper.findAll('[data-testid="service-list"] > li h3').map((title) => title.text())
    expect(services).toEqual(serviceCatalogue.map((service) => de.services[service.id].title))
    const channels = wrapper.findAll('[data-testid="contact-channels"] > li')
    expect(channels.map((channel) => channel.get('h3').text())).toEqual([
      de.contact['in-person'].title,
      de.contact.phone.title,
      de.contact.written.title,
    ])
    // Equal weight: the same component with the same classes for each channel.
    expect(new Set(channels.map((channel) => channel.get('article').classes().join(' '))).size).toBe(1)
    wrapper.unmount()
  })

  it('renders a legal page without the authority’s details as being prepared, and sets the document title', async () => {
    const { wrapper } = await mountWithApp(undefined, { path: '/privacy' })
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe(de.legal.privacy.title))
    await vi.waitFor(() => expect(wrapper.text()).toContain(de.legal.notConfigured))
    // Only the sections that are the same for every authority; nothing waits to be filled in.
    expect(wrapper.findAll('main h2').map((heading) => heading.text())).toEqual(
      de.legal.privacy.sections.filter((section) => 'paragraphs' in section).map((section) => section.heading),
    )
    expect(wrapper.text()).not.toMatch(/[{}[\]]/)
    expect(document.title).toBe(`${de.legal.privacy.title} – ${de.app.name}`)
    wrapper.unmount()
  })

  it('moves focus to the main content after an in-app navigation', async () => {
    const { wrapper, router } = await mountWithApp()
    await router.push('/imprint')
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('main'))
    wrapper.unmount()
  })
})
