/** Synthetic grayscale pictures for the quality measures. */
export interface GrayImage {
  gray: Uint8Array
  width: number
  height: number
}

/** A page of "text": dark strokes of varying length on light paper, like a photographed letter. */
export function textPage(width = 512, height = 384, paper = 225, ink = 30): GrayImage {
  const gray = new Uint8Array(width * height).fill(paper)
  for (let line = 20; line + 8 < height - 20; line += 18) {
    for (let x = 24; x < width - 24; x += 1) {
      // Words of 3–9 letters with gaps, letters 4 px wide with 2 px spacing.
      const word = Math.floor(x / 48) % 7
      const inWord = x % 48 < 12 + word * 5
      const stroke = x % 6 < 3
      if (!inWord || !stroke) continue
      for (let y = line; y < line + 8; y += 1) if ((x * 7 + y * 3) % 5 !== 0) gray[y * width + x] = ink
    }
  }
  return { gray, width, height }
}

/** A box blur applied several times: the page as an out-of-focus camera sees it. */
export function blurred(image: GrayImage, radius = 3, passes = 3): GrayImage {
  let current = image.gray
  for (let pass = 0; pass < passes; pass += 1) {
    const next = new Uint8Array(current.length)
    for (let y = 0; y < image.height; y += 1) {
      for (let x = 0; x < image.width; x += 1) {
        let sum = 0
        let count = 0
        for (let dy = -radius; dy <= radius; dy += 1) {
          for (let dx = -radius; dx <= radius; dx += 1) {
            const yy = y + dy
            const xx = x + dx
            if (yy < 0 || xx < 0 || yy >= image.height || xx >= image.width) continue
            sum += current[yy * image.width + xx] ?? 0
            count += 1
          }
        }
        next[y * image.width + x] = Math.round(sum / count)
      }
    }
    current = next
  }
  return { ...image, gray: current }
}

/** The same page in poor light. */
export function darkened(image: GrayImage, factor = 0.2): GrayImage {
  return { ...image, gray: image.gray.map((value) => Math.round(value * factor)) }
}

/** A flash reflection: a bright blown-out disc over part of the page. */
export function withGlare(image: GrayImage, share = 0.25): GrayImage {
  const gray = image.gray.slice()
  const radius = Math.sqrt((share * image.width * image.height) / Math.PI)
  const cx = image.width / 2
  const cy = image.height / 2
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) if ((x - cx) ** 2 + (y - cy) ** 2 < radius ** 2) gray[y * image.width + x] = 255
  }
  return { ...image, gray }
}

/** Sensor noise of ±`amplitude` (a fixed pseudo-random sequence, so every run sees the same picture). */
export function withNoise(image: GrayImage, amplitude = 6, seed = 7): GrayImage {
  let state = seed
  const gray = image.gray.map((value) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return Math.min(255, Math.max(0, value + (state % (2 * amplitude + 1)) - amplitude))
  })
  return { ...image, gray }
}

/** The page photographed on a dark table: it covers `share` of the picture, centred. */
export function onTable(image: GrayImage, share: number, table = 60): GrayImage {
  const gray = new Uint8Array(image.gray.length).fill(table)
  const scale = Math.sqrt(share)
  const pageWidth = Math.round(image.width * scale)
  const pageHeight = Math.round(image.height * scale)
  const left = Math.round((image.width - pageWidth) / 2)
  const top = Math.round((image.height - pageHeight) / 2)
  for (let y = 0; y < pageHeight; y += 1) {
    for (let x = 0; x < pageWidth; x += 1) {
      const source = Math.floor((y / pageHeight) * image.height) * image.width + Math.floor((x / pageWidth) * image.width)
      gray[(top + y) * image.width + left + x] = image.gray[source] ?? table
    }
  }
  return { ...image, gray }
}
