// Images and videos given as Buffers travel as data: URLs.
import type { ImageWire } from '../../protocol'

const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x52, 0x49, 0x46, 0x46], 'image/webp'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'video/webm'],
]

export function sniffMime(bytes: Uint8Array, fallback: string): string {
  for (const [sig, mime] of SIGNATURES) if (sig.every((b, i) => bytes[i] === b)) return mime
  if (bytes.length > 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') return 'video/mp4'
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart()
  if (head.startsWith('<svg') || head.startsWith('<?xml')) return 'image/svg+xml'
  return fallback
}

export function dataUrl(bytes: Uint8Array, fallbackMime: string): string {
  return `data:${sniffMime(bytes, fallbackMime)};base64,${Buffer.from(bytes).toString('base64')}`
}

/** `{ url }` or `{ buffer }` → a URL the webview can show; throws when neither is given. */
export function mediaUrl(p: { url?: string; buffer?: Uint8Array }, what: string, fallbackMime: string): string {
  if (p.buffer) return dataUrl(p.buffer, fallbackMime)
  if (p.url) return p.url
  throw new TypeError(`${what}: give a "url" or a "buffer"`)
}

export function imageWire(image: { url?: string; buffer?: Uint8Array; alt?: string; size?: ImageWire['size'] } | undefined): ImageWire | undefined {
  if (!image || (!image.url && !image.buffer)) return undefined
  return { url: mediaUrl(image, 'image', 'image/png'), alt: image.alt, size: image.size }
}
