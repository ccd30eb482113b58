import { describe, expect, it } from 'vitest'
import { serviceIds } from '@/domain/catalogue'
import { prerenderedFileOf, prerenderedPaths } from '@/domain/prerenderedPages'

describe('prerenderedFileOf', () => {
  it('names one file under prerendered/ per public page, the home page as index.html', () => {
    expect(prerenderedFileOf('/')).toBe('prerendered/index.html')
    expect(prerenderedFileOf('/apply/residence-employment')).toBe('prerendered/apply/residence-employment.html')
    expect(new Set(prerenderedPaths.map(prerenderedFileOf)).size).toBe(prerenderedPaths.length)
    for (const id of serviceIds) expect(prerenderedPaths).toContain(`/apply/${id}`)
  })

  it('has no file for pages that show only what the device keeps, or for paths that are no page', () => {
    expect(prerenderedFileOf('/sync')).toBeUndefined()
    expect(prerenderedFileOf('/applications/some-draft/personal')).toBeUndefined()
    expect(prerenderedFileOf('/apply/../../etc/passwd')).toBeUndefined()
  })
})
