import { describe, expect, it } from 'vitest'
import { measureQuality, qualityFlags, toGrayscale } from '@/domain/documents/quality'
import { blurred, darkened, textPage, withGlare, type GrayImage } from './imageFactories'

const flagsOf = (image: GrayImage, sourceLongEdge = 4000) =>
  qualityFlags(measureQuality(image.gray, image.width, image.height), sourceLongEdge, (sourceLongEdge * 3) / 4)

describe('quality advice', () => {
  it('finds nothing to say about a sharp, well-lit page', () => {
    expect(flagsOf(textPage())).toEqual([])
  })

  it('calls the same page blurred when it is out of focus', () => {
    const sharp = measureQuality(textPage().gray, 512, 384)
    const soft = measureQuality(blurred(textPage()).gray, 512, 384)
    expect(soft.sharpness).toBeLessThan(sharp.sharpness / 100)
    expect(flagsOf(blurred(textPage()))).toEqual(['blurred'])
  })

  it('calls a page in poor light dark, but not blurred', () => {
    expect(flagsOf(darkened(textPage()))).toEqual(['dark'])
  })

  it('notices a flash reflection', () => {
    expect(flagsOf(withGlare(textPage()))).toEqual(['glare'])
  })

  it('finds a picture too small to read when its source was small', () => {
    expect(flagsOf(textPage(), 800)).toEqual(['small'])
  })

  it('turns RGBA pixels into luma', () => {
    expect([...toGrayscale(new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]))]).toEqual([255, 0, 76])
  })
})
