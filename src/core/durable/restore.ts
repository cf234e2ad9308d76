// A logged answer value, made into what the worker can map back again on
// replay. What the log does not hold cannot be replayed: a sensitive input's
// value (the log keeps a mask) and an upload whose bytes were pruned are asked
// again, and say why.
import type { Method } from '../protocol'
import { MASK, type StoredFile } from '../runtime/answerLog'
import type { RestoreValue } from './journal'

type Restored = ReturnType<RestoreValue>

function restoreFile(f: unknown, readBlob: (hash: string) => Uint8Array | undefined): Restored {
  const stored = f as Partial<StoredFile> | null
  if (!stored || typeof stored !== 'object' || typeof stored.blob !== 'string') return { ok: true, value: f }
  const bytes = readBlob(stored.blob)
  if (!bytes) return { ok: false, why: `the file "${stored.name}" is no longer in History` }
  const { blob: _blob, ...meta } = stored
  return { ok: true, value: { ...meta, data: Buffer.from(bytes).toString('base64') } }
}

export function restoreAnswerValue(method: Method, sensitive: boolean, value: unknown, readBlob: (hash: string) => Uint8Array | undefined): Restored {
  if (value === null || value === undefined) return { ok: true, value }
  if (sensitive && value === MASK) return { ok: false, why: 'sensitive answers are never written to disk' }
  if (method !== 'INPUT_FILE') return { ok: true, value }
  if (!Array.isArray(value)) return restoreFile(value, readBlob)
  const files: unknown[] = []
  for (const f of value) {
    const r = restoreFile(f, readBlob)
    if (!r.ok) return r
    files.push(r.value)
  }
  return { ok: true, value: files }
}
