import { unzlibSync } from 'fflate'

/**
 * How many pages a PDF has, without rendering it: the `/Count` of its page tree's root, the
 * largest of every `/Type /Pages` node, found in the file's text and, for PDF 1.5 files that keep
 * their objects compressed, in its object streams (`/Type /ObjStm`, FlateDecode). When no page
 * tree is found, the `/Type /Page` objects are counted; `null` when the file names no page at all.
 * (An incremental update that deleted pages may leave an older, larger root behind: rare in what
 * scanners and phones write.)
 */
export function countPdfPages(bytes: Uint8Array): number | null {
  const texts = [latin1(bytes)]
  for (const stream of objectStreams(bytes, texts[0] ?? '')) texts.push(stream)
  let root = 0
  let leaves = 0
  for (const text of texts) {
    for (const match of text.matchAll(/\/Type\s*\/Pages?(?![A-Za-z])/g)) {
      if (match[0].endsWith('Pages')) root = Math.max(root, countOf(enclosingDictionary(text, match.index)))
      else leaves += 1
    }
  }
  if (root > 0) return root
  return leaves > 0 ? leaves : null
}

function latin1(bytes: Uint8Array): string {
  let text = ''
  for (let index = 0; index < bytes.length; index += 0x8000) text += String.fromCharCode(...bytes.subarray(index, index + 0x8000))
  return text
}

/** The decompressed text of each object stream; a stream that does not inflate is skipped. */
function* objectStreams(bytes: Uint8Array, text: string): Generator<string> {
  for (const match of text.matchAll(/\/Type\s*\/ObjStm(?![A-Za-z])/g)) {
    const dictionary = enclosingDictionary(text, match.index)
    if (!/\/FlateDecode/.test(dictionary)) continue
    const keyword = text.indexOf('stream', match.index)
    if (keyword < 0) continue
    let start = keyword + 'stream'.length
    if (text[start] === '\r') start += 1
    if (text[start] === '\n') start += 1
    const end = text.indexOf('endstream', start)
    if (end < 0) continue
    try {
      yield latin1(unzlibSync(bytes.subarray(start, end)))
    } catch {
      // Damaged or not zlib after all: the other streams may still name the page tree.
    }
  }
}

/** The `<< … >>` dictionary around `position`, nested dictionaries included. */
function enclosingDictionary(text: string, position: number): string {
  let depth = 0
  let start = -1
  for (let index = position; index > 0; index -= 1) {
    const pair = text.slice(index - 1, index + 1)
    if (pair === '>>') {
      depth += 1
      index -= 1
    } else if (pair === '<<') {
      if (depth === 0) {
        start = index - 1
        break
      }
      depth -= 1
      index -= 1
    }
  }
  if (start < 0) return ''
  depth = 0
  for (let index = start; index < text.length - 1; index += 1) {
    const pair = text.slice(index, index + 2)
    if (pair === '<<') depth += 1
    else if (pair === '>>') depth -= 1
    else continue
    index += 1
    if (depth === 0) return text.slice(start, index + 1)
  }
  return text.slice(start)
}

/** `/Count n` at the top level of a page tree node. */
function countOf(dictionary: string): number {
  const count = /\/Count\s+(\d+)/.exec(dictionary)
  return count ? Number(count[1]) : 0
}
