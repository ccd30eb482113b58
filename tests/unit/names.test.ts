import { describe, expect, it } from 'vitest'
import { foldName, nameWords } from '@/domain/names'

// Each pair: how a name is written on the application, and how staff may type it into the search.
const typedAsStaffWouldType: [written: string, typed: string][] = [
  ['Yıldırım', 'yildirim'],
  ['İlhan', 'ilhan'],
  ['Gökçe Şahin', 'gokce sahin'],
  ['Straße', 'strasse'],
  ['Nguyễn', 'nguyen'],
  ['Фёдоров', 'федоров'],
  ['Андрей', 'андреи'],
  ['Ковалёва Її', 'ковалева іі'],
  ['فاطمة', 'فاطمه'],
  ['علي', 'علی'],
  ['كريمي', 'کریمی'],
  ['أحمد', 'احمد'],
  ['إبراهيم', 'ابراهيم'],
  ['آمنة', 'امنه'],
  ['مُحَمَّد', 'محمد'],
  ['محـــمد', 'محمد'],
  ['میرزا‌زاده', 'میرزازاده'],
]

describe('foldName', () => {
  it.each(typedAsStaffWouldType)('folds %s and %s alike', (written, typed) => {
    expect(foldName(written)).toBe(foldName(typed))
  })

  it('keeps different names apart', () => {
    expect(foldName('Müller')).not.toBe(foldName('Miller'))
    expect(foldName('سعيد')).not.toBe(foldName('سعد'))
  })
})

describe('nameWords', () => {
  it('splits names into distinct folded words', () => {
    expect(nameWords('Al-Hassan', 'Ali  ALI')).toEqual(['al', 'hassan', 'ali'])
    expect(nameWords('عبد الله', undefined)).toEqual(['عبد', 'الله'])
  })
})
