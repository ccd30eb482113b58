import { describe, expect, it } from 'vitest'
import { measureQuality, pageQualityAdvice, toGrayscale, type QualityFlag } from '@/domain/documents/quality'
import { blurred, darkened, onTable, textPage, withGlare, withNoise, type GrayImage } from './imageFactories'

const adviceFor = (image: GrayImage, sourceLongEdge = 4000) => pageQualityAdvice(image.gray, image.width, image.height, sourceLongEdge, (sourceLongEdge * 3) / 4)

const whitePage = () => withNoise(textPage(512, 384, 251), 4)
const offWhitePage = () => withNoise(textPage(512, 384, 226), 6)

/** Synthetic pages, as the analysis sees a photo (512 px on the long edge), and the advice each must get. */
const corpus: { page: string; image: () => GrayImage; sourceLongEdge?: number; advice: QualityFlag[] }[] = [
  { page: 'a sharp white page from a 12 MP camera, its paper at the top of the scale', image: whitePage, advice: [] },
  { page: 'a white page whose paper is blown out entirely', image: () => textPage(512, 384, 255), advice: [] },
  { page: 'a sharp off-white page', image: offWhitePage, advice: [] },
  { page: 'an off-white page with strong sensor noise', image: () => withNoise(textPage(512, 384, 226), 30), advice: [] },
  { page: 'a white page filling most of the picture on a dark table', image: () => onTable(whitePage(), 0.7), advice: [] },
  { page: 'a white page filling less than half the picture on a dark table', image: () => onTable(whitePage(), 0.45), advice: [] },
  { page: 'a white page filling a quarter of the picture on a dark table', image: () => onTable(whitePage(), 0.25), advice: [] },
  { page: 'a blurred page', image: () => blurred(offWhitePage()), advice: ['blurred'] },
  { page: 'a blurred white page', image: () => blurred(whitePage()), advice: ['blurred'] },
  { page: 'a page in poor light', image: () => darkened(offWhitePage()), advice: ['dark'] },
  { page: 'an off-white page with a small reflection of the flash', image: () => withGlare(offWhitePage(), 0.04), advice: ['glare'] },
  { page: 'a light page with a small reflection of the flash', image: () => withGlare(withNoise(textPage(512, 384, 235), 4), 0.03), advice: ['glare'] },
  { page: 'an off-white page with a large reflection', image: () => withGlare(offWhitePage(), 0.25), advice: ['glare'] },
  { page: 'a tiny picture of a sharp page', image: offWhitePage, sourceLongEdge: 800, advice: ['small'] },
  { page: 'a tiny, blurred picture in poor light', image: () => darkened(blurred(offWhitePage())), sourceLongEdge: 640, advice: ['blurred', 'dark', 'small'] },
]

describe('quality advice', () => {
  it.each(corpus)('gives $page the advice $advice', ({ image, sourceLongEdge, advice }) => {
    expect(adviceFor(image(), sourceLongEdge)).toEqual(advice)
  })

  it('calls the same page blurred when it is out of focus', () => {
    const sharp = measureQuality(offWhitePage().gray, 512, 384)
    const soft = measureQuality(blurred(offWhitePage()).gray, 512, 384)
    expect(soft.sharpness).toBeLessThan(sharp.sharpness / 20)
  })

  it('measures glare as blown-out patches brighter than the paper, not as white paper', () => {
    expect(measureQuality(whitePage().gray, 512, 384)).toMatchObject({ glare: 0 })
    expect(measureQuality(withGlare(offWhitePage(), 0.04).gray, 512, 384).glare).toBeCloseTo(0.04, 2)
  })

  it('turns RGBA pixels into luma', () => {
    expect([...toGrayscale(new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]))]).toEqual([255, 0, 76])
  })
})
