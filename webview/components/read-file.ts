// Reads a picked file into the FileWire the answer carries, without freezing
// the panel: the bytes arrive asynchronously and are base64-encoded in slices,
// yielding to the event loop between slices (and reporting progress).
import type { FileWire } from '../../src/core/protocol'

/** A multiple of 3, so each slice's base64 joins the next without padding. */
const SLICE = 3 * 256 * 1024
/** String.fromCharCode.apply takes this many arguments comfortably. */
const CHARS = 0x8000

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += CHARS) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CHARS) as unknown as number[])
  }
  return btoa(bin)
}

/** `onProgress` gets 0..1. */
export async function readFileWire(file: File, onProgress: (fraction: number) => void): Promise<FileWire> {
  onProgress(0)
  const bytes = new Uint8Array(await file.arrayBuffer())
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += SLICE) {
    parts.push(bytesToBase64(bytes.subarray(i, i + SLICE)))
    onProgress(Math.min(1, (i + SLICE) / bytes.length))
    await tick()
  }
  onProgress(1)
  return { name: file.name, type: file.type, size: file.size, lastModified: file.lastModified, data: parts.join('') }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB']
  let v = n / 1024
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`
}
