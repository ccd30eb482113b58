import type { Page } from 'playwright-core'

export interface PhotoOptions {
  /** `lit`: paper under uneven light (the default); `white`: a bright white page evenly lit, its paper at the top of the scale. */
  paper?: 'lit' | 'white'
  /** A small blown-out reflection of the flash, about 3 % of the picture. */
  glare?: boolean
}

/**
 * Makes a photo-like JPEG in the page: uneven light on paper, sensor noise and lines of "text",
 * so it compresses like a real phone photo (a few MB at 12 MP), not like a flat test card.
 */
export async function makePhotoJpeg(page: Page, width: number, height: number, options: PhotoOptions = {}): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height, paper, glare }) => {
      const canvas = new OffscreenCanvas(width, height)
      const context = canvas.getContext('2d')
      if (!context) throw new Error('no 2d context')
      if (paper === 'white') {
        context.fillStyle = '#fcfcfc'
      } else {
        const light = context.createRadialGradient(width * 0.3, height * 0.3, 0, width / 2, height / 2, width)
        light.addColorStop(0, '#f4efe6')
        light.addColorStop(1, '#9d978c')
        context.fillStyle = light
      }
      context.fillRect(0, 0, width, height)
      context.fillStyle = '#1d1d24'
      context.font = `${Math.round(height / 60)}px serif`
      for (let y = height * 0.1; y < height * 0.9; y += height / 40) {
        context.fillText('Bundesrepublik Deutschland · Aufenthaltstitel · 1234567890 ABCDEFGHIJKLMNOPQRSTUVWXYZ', width * 0.08, y)
      }
      const image = context.getImageData(0, 0, width, height)
      let seed = 42
      for (let index = 0; index < image.data.length; index += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        const noise = (seed % 25) - 12
        image.data[index] = Math.min(255, Math.max(0, (image.data[index] ?? 0) + noise))
        image.data[index + 1] = Math.min(255, Math.max(0, (image.data[index + 1] ?? 0) + noise))
        image.data[index + 2] = Math.min(255, Math.max(0, (image.data[index + 2] ?? 0) + noise))
      }
      context.putImageData(image, 0, 0)
      if (glare) {
        context.fillStyle = '#ffffff'
        context.beginPath()
        context.arc(width * 0.6, height * 0.4, Math.sqrt((0.03 * width * height) / Math.PI), 0, 2 * Math.PI)
        context.fill()
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let binary = ''
      for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000))
      return btoa(binary)
    },
    { width, height, paper: options.paper ?? 'lit', glare: options.glare ?? false },
  )
  return Buffer.from(base64, 'base64')
}
