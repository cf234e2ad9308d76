// Inputs whose wire form differs from what the action gives or gets back.
import type { DateWire, FileWire } from '../../protocol'
import { compact, type MethodImpl } from './types'

const toParts = (d: Date | DateWire | undefined | null): DateWire | undefined =>
  d instanceof Date ? { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() } : (d ?? undefined)

export const url: MethodImpl = {
  toWire: (p) => ({
    props: compact({
      ...p,
      defaultValue: p.defaultValue instanceof URL ? p.defaultValue.href : p.defaultValue,
      allowedProtocols: (p.allowedProtocols ?? ['http', 'https']).map((s: string) => s.replace(/:$/, '')),
    }),
  }),
  fromWire: (v: string) => new URL(v),
}

export const date: MethodImpl = {
  toWire: (p) => ({ props: compact({ ...p, defaultValue: toParts(p.defaultValue), min: toParts(p.min), max: toParts(p.max) }) }),
  fromWire: (v: DateWire) => ({ ...v, jsDate: new Date(v.year, v.month - 1, v.day) }),
}

export const datetime: MethodImpl = {
  toWire: (p) => ({
    props: compact({ ...p, defaultValue: p.defaultValue?.toISOString(), min: p.min?.toISOString(), max: p.max?.toISOString() }),
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
  toWire: (p) => ({ props: compact(p) }),
  fromWire: (v: FileWire | FileWire[], _state, multiple) => (multiple ? (v as FileWire[]).map(fileValue) : fileValue(v as FileWire)),
}
