import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import StaffDocumentViewer from '@/components/staff/StaffDocumentViewer.vue'
import { createAppI18n, extendMessages, switchLocale } from '@/i18n'
import staffDe from '@/i18n/staff/de.json'
import { staffMessages } from '@/staff/messages'

async function mountViewer(mimeType: string) {
  const i18n = createAppI18n()
  await switchLocale(i18n.global, 'de')
  await extendMessages(i18n.global, staffMessages)
  return mount(StaffDocumentViewer, {
    props: { src: '/api/staff/cases/ABH-2026-000001/documents/d1', mimeType, label: 'Reisepass, Seite 1' },
    global: { plugins: [i18n] },
  })
}

const button = (wrapper: Awaited<ReturnType<typeof mountViewer>>, text: string) => {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text)
  if (!found) throw new Error(`No button ${text}`)
  return found
}

describe('the document viewer of a case', () => {
  it('turns and enlarges a photographed page, within bounds, and resets it', async () => {
    const wrapper = await mountViewer('image/jpeg')
    const image = wrapper.get('img')
    expect(image.attributes('alt')).toBe('Reisepass, Seite 1')
    await button(wrapper, staffDe.viewer.rotateRight).trigger('click')
    await button(wrapper, staffDe.viewer.rotateRight).trigger('click')
    await button(wrapper, staffDe.viewer.rotateLeft).trigger('click')
    expect(image.attributes('data-rotation')).toBe('90')
    for (let step = 0; step < 10; step += 1) await button(wrapper, staffDe.viewer.zoomIn).trigger('click')
    expect(image.attributes('data-zoom')).toBe('4')
    expect(image.attributes('style')).toContain('rotate(90deg) scale(4)')
    for (let step = 0; step < 20; step += 1) await button(wrapper, staffDe.viewer.zoomOut).trigger('click')
    expect(image.attributes('data-zoom')).toBe('0.5')
    await button(wrapper, staffDe.viewer.reset).trigger('click')
    expect(image.attributes('style')).toContain('rotate(0deg) scale(1)')
  })

  it('shows a PDF in the browser’s own viewer, with a link to open it alone', async () => {
    const wrapper = await mountViewer('application/pdf')
    const frame = wrapper.get('iframe')
    expect(frame.attributes('src')).toBe('/api/staff/cases/ABH-2026-000001/documents/d1')
    expect(frame.attributes('title')).toBe('Reisepass, Seite 1')
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('a').attributes('href')).toBe('/api/staff/cases/ABH-2026-000001/documents/d1')
  })
})
