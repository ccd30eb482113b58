import { analyse, offscreenSurface } from '@/capture/pipeline'
import type { QualityFlag } from '@/domain/documents/quality'

/**
 * The photo advice of a stored page as the case view shows it: the same analysis the applicant's
 * device ran when the page was taken (src/capture/pipeline.ts), on the image the authority
 * received. That image is the shrunk copy, so its size is the one that counts for "small".
 * Undefined where the browser cannot measure (no OffscreenCanvas).
 */
export async function adviceOfShownPage(image: HTMLImageElement): Promise<QualityFlag[] | undefined> {
  if (typeof OffscreenCanvas === 'undefined') return undefined
  const bitmap = await createImageBitmap(image)
  try {
    return analyse(bitmap, offscreenSurface, bitmap.width, bitmap.height)
  } finally {
    bitmap.close()
  }
}
