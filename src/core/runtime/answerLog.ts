// An answer as the history log keeps it: what a sensitive field holds is
// masked, and an uploaded file's bytes are stored once by content hash (the
// log keeps `{ name, type, size, lastModified, blob }`). The worker and the
// live panel still get the real values; only what is written is changed.
import type { Component, FileWire } from '../protocol'

export const MASK = '••••••'

export interface StoredFile {
  name: string
  type: string
  size: number
  lastModified: number
  /** sha256 of the contents, in the history's blob store. */
  blob: string
}

export function isSensitive(c: Component): boolean {
  return c.props.sensitive === true
}

function storeFile(f: FileWire, putBlob: (bytes: Uint8Array) => string): StoredFile | FileWire {
  if (!f || typeof f !== 'object' || typeof f.data !== 'string') return f
  const { data, ...meta } = f
  return { ...meta, blob: putBlob(Buffer.from(data, 'base64')) }
}

/** The values of one screen's answer, for the log. `putBlob` may throw (disk full): the caller records that. */
export function valuesForLog(components: Component[], values: unknown[], putBlob: (bytes: Uint8Array) => string): unknown[] {
  return values.map((v, i) => {
    const c = components[i]
    if (!c || v === null || v === undefined) return v
    if (isSensitive(c)) return MASK
    if (c.method === 'INPUT_FILE') return Array.isArray(v) ? v.map((f) => storeFile(f as FileWire, putBlob)) : storeFile(v as FileWire, putBlob)
    return v
  })
}
