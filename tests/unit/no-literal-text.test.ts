import { describe, expect, it } from 'vitest'
import { parse } from 'vue/compiler-sfc'

// The template AST as vue/compiler-sfc gives it (the kinds are Vue's NodeTypes: 1 element, 2 text, 6 static attribute).
interface TemplateNode {
  type: number
  content?: string
  name?: string
  value?: { content: string }
  props?: TemplateNode[]
  children?: TemplateNode[]
}
const element = 1
const text = 2
const staticAttribute = 6

// Every user-facing text goes through vue-i18n. Literal texts allowed here must say why; none are needed
// today (the language names in the switcher come from localeEndonyms in src/domain/locales.ts).
const allowed = new Set<string>([])
const userFacingAttributes = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-placeholder', 'aria-valuetext', 'placeholder', 'title', 'alt', 'label'])
/** A text a reader would read: it has a letter (punctuation, digits and separators like "·" or ":" are not language). */
const isWording = (text: string) => /\p{L}/u.test(text)

const components = import.meta.glob('/src/**/*.vue', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

function literalTexts(source: string): string[] {
  const template = parse(source).descriptor.template?.ast as TemplateNode | undefined
  if (!template) return []
  const found: string[] = []
  const visit = (node: TemplateNode) => {
    if (node.type === text && isWording(node.content ?? '')) found.push((node.content ?? '').trim())
    if (node.type === element) {
      for (const prop of node.props ?? []) {
        if (prop.type === staticAttribute && userFacingAttributes.has(prop.name ?? '') && prop.value && isWording(prop.value.content)) {
          found.push(`${prop.name}="${prop.value.content}"`)
        }
      }
    }
    for (const child of node.children ?? []) visit(child)
  }
  visit(template)
  return found.filter((literal) => !allowed.has(literal))
}

describe('the components', () => {
  it('are all scanned', () => {
    expect(Object.keys(components).length).toBeGreaterThan(40)
  })

  it('have no literal user-facing text in their templates (text nodes, aria-label, placeholder, title, alt)', () => {
    const literal = Object.entries(components).flatMap(([file, source]) => literalTexts(source).map((text) => `${file}: ${text}`))
    expect(literal).toEqual([])
  })

  it('would notice one', () => {
    expect(literalTexts('<template><p>Hallo</p><img alt="Foto" :src="x" /><p>{{ t("a") }} · </p></template>')).toEqual(['Hallo', 'alt="Foto"'])
  })
})
