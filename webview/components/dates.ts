// Conversions between the wire shapes of date/time answers and the strings
// native <input type=date|time|datetime-local> use.
import type { DateWire, TimeWire } from '../../src/core/protocol'

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object'

/** What a native input reports when its text is incomplete or impossible (checkAnswer says "Enter a valid …"). */
export const BAD_INPUT = { invalid: true } as const

export function dateToInput(v: unknown): string {
  if (!isObj(v) || typeof v.year !== 'number' || typeof v.month !== 'number' || typeof v.day !== 'number') return ''
  return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`
}

export function dateFromInput(s: string): DateWire | null {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(s)
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null
}

export function timeToInput(v: unknown): string {
  if (!isObj(v) || typeof v.hour !== 'number' || typeof v.minute !== 'number') return ''
  return `${pad(v.hour)}:${pad(v.minute)}`
}

export function timeFromInput(s: string): TimeWire | null {
  const m = /^(\d{2}):(\d{2})/.exec(s)
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null
}

/** An ISO instant as the local `YYYY-MM-DDTHH:MM` a datetime-local input shows. */
export function isoToLocalInput(v: unknown): string {
  if (typeof v !== 'string') return ''
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return ''
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A datetime-local value (local time) as an ISO instant. */
export function localInputToIso(s: string): string | null {
  if (!/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return null
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}
