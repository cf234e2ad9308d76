// Inputs whose wire form differs from what the action gives or gets back.
import type { DateWire, FileWire } from '../../protocol'
import { compact, type MethodImpl } from './types'

/** Interval accepts any number for these; ones a field cannot use (0, negative, NaN) are left out. */
export const positiveOrUndefined = (n: unknown): number | undefined => (typeof n === 'number' && n > 0 && Number.isFinite(n) ? n : undefined)

export const text: MethodImpl = { toWire: (p) => ({ props: compact({ ...p, lines: positiveOrUndefined(p.lines) && Math.max(1, Math.round(p.lines)) }) }), fromWire: (v) => v }
export const slider: MethodImpl = { toWire: (p) => ({ props: compact({ ...p, step: positiveOrUndefined(p.step) }) }), fromWire: (v) => v }

// Only the parts: an earlier answer passed back as the default carries its jsDate too.
const toParts = (d: Date | DateWire | undefined | null): DateWire | undefined =>
  d instanceof Date ? { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() } : d ? { year: d.year, month: d.month, day: d.day } : undefined

/** `{ year, month, day, hour, minute }` (Interval's DateTimeObject) or a Date, as an ISO instant; parts are local time. */
const toIso = (d: Date | (DateWire & { hour: number; minute: number }) | undefined | null): string | undefined =>
  !d ? undefined : (d instanceof Date ? d : new Date(d.year, d.month - 1, d.day, d.hour, d.minute)).toISOString()

export const url: MethodImpl = {
  toWire: (p) => {
    // Interval accepts an empty list; allowing no protocol at all would make the field unanswerable.
    const given = (p.allowedProtocols ?? []).map((s: string) => s.replace(/:$/, '')).filter(Boolean)
    return {
      props: compact({
        ...p,
        defaultValue: p.defaultValue instanceof URL ? p.defaultValue.href : p.defaultValue,
        allowedProtocols: given.length ? given : ['http', 'https'],
      }),
    }
  },
  fromWire: (v: string) => new URL(v),
}

export const date: MethodImpl = {
  toWire: (p) => ({ props: compact({ ...p, defaultValue: toParts(p.defaultValue), min: toParts(p.min), max: toParts(p.max) }) }),
  fromWire: (v: DateWire) => ({ ...v, jsDate: new Date(v.year, v.month - 1, v.day) }),
}

export const datetime: MethodImpl = {
  toWire: (p) => ({
    props: compact({ ...p, defaultValue: toIso(p.defaultValue), min: toIso(p.min), max: toIso(p.max) }),
  }),
  fromWire: (v: string) => new Date(v),
}

/** The file object Interval hands to actions: metadata plus async readers. */
export function fileValue(f: FileWire) {
  const bytes = (): Buffer => Buffer.from(f.data, 'base64')
  return {
    name: f.name,
    type: f.type,
    size: f.size,
    lastModified: new Date(f.lastModified),
    extension: f.name.includes('.') ? f.name.slice(f.name.lastIndexOf('.')) : '',
    text: async (): Promise<string> => bytes().toString('utf8'),
    json: async (): Promise<unknown> => JSON.parse(bytes().toString('utf8')),
    buffer: async (): Promise<Buffer> => bytes(),
    url: async (): Promise<string> => `data:${f.type || 'application/octet-stream'};base64,${f.data}`,
  }
}

export const file: MethodImpl = {
  // generatePresignedUrls is Interval's upload hook: files stay on this machine, so it is never called.
  toWire: (p) => ({ props: compact({ ...p, generatePresignedUrls: undefined }) }),
  fromWire: (v: FileWire | FileWire[], _state, multiple) => (multiple ? (v as FileWire[]).map(fileValue) : fileValue(v as FileWire)),
}
