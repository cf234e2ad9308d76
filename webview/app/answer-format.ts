// An answer as a person reads it, per io method, from its wire shape
// (protocol/answers.ts): dates and times in the person's locale, option
// indexes as labels, files as name and size, Yes/No — never raw JSON.
import type { Component, DateWire, OptionWire, SearchResultWire, TimeWire } from '../../src/core/protocol'

/** What history keeps instead of a sensitive answer; shown as it is. */
export const MASKED = '••••••'
const isMasked = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && /^•+$/.test(v)

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 20 })

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

export const isDateWire = (v: unknown): v is DateWire => isObj(v) && isInt(v.year) && isInt(v.month) && isInt(v.day)
export const isTimeWire = (v: unknown): v is TimeWire => isObj(v) && isInt(v.hour) && isInt(v.minute) && !('year' in v)

/** A calendar date, with no time zone to shift it. */
export function formatDate(d: DateWire): string {
  const js = new Date(d.year, d.month - 1, d.day)
  js.setFullYear(d.year) // years below 100 would otherwise mean 19xx
  return Number.isNaN(js.getTime()) ? `${d.year}-${d.month}-${d.day}` : dateFormat.format(js)
}

export function formatClock(t: TimeWire): string {
  return timeFormat.format(new Date(2000, 0, 1, t.hour, t.minute))
}

/** An ISO timestamp in the person's locale; other text as it is. */
export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : dateTimeFormat.format(new Date(ms))
}

/** A full ISO 8601 timestamp (what a Date becomes in JSON), not any string Date.parse accepts. */
export const isIsoDateTime = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return ''
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let u = 0
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++ }
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v)} ${units[u]}`
}

export function formatNumber(v: number, p: Record<string, unknown> = {}): string {
  if (!Number.isFinite(v)) return String(v)
  const decimals = typeof p.decimals === 'number' ? p.decimals : undefined
  const prepend = typeof p.prepend === 'string' && p.prepend ? `${p.prepend} ` : ''
  if (typeof p.currency === 'string') {
    try {
      return prepend + new Intl.NumberFormat(undefined, { style: 'currency', currency: p.currency, ...(decimals !== undefined ? { minimumFractionDigits: decimals, maximumFractionDigits: decimals } : {}) }).format(v)
    } catch { /* an unknown currency code: plain number below */ }
  }
  const f = decimals !== undefined ? new Intl.NumberFormat(undefined, { maximumFractionDigits: decimals }) : numberFormat
  return prepend + f.format(v)
}

/** A file answer (`{ name, type, size, lastModified }`; history keeps no data): "report.csv (12 KB)". */
export function formatFile(f: unknown): string {
  if (!isObj(f) || typeof f.name !== 'string') return plainText(f)
  return typeof f.size === 'number' ? `${f.name} (${formatBytes(f.size)})` : f.name
}

function optionLabel(options: unknown, i: unknown): string {
  const o = Array.isArray(options) && isInt(i) ? (options[i] as OptionWire | undefined) : undefined
  return o && typeof o.label === 'string' ? o.label : plainText(i)
}

/** A search answer holds result keys; their labels are known when the results were in the props. */
function searchLabel(p: Record<string, unknown>, key: unknown): string {
  const known = [p.initialResults, p.defaultValue].flatMap((r) => (Array.isArray(r) ? (r as SearchResultWire[]) : []))
  const hit = known.find((r) => isObj(r) && r.key === key)
  return hit && typeof hit.label === 'string' ? hit.label : plainText(key)
}

/** Any JSON value as short readable text: nested objects as "key: value" pairs, not JSON. */
export function plainText(v: unknown): string {
  if (v === undefined || v === null) return '—'
  if (typeof v === 'string') return isIsoDateTime(v) ? formatDateTime(v) : v
  if (typeof v === 'number') return formatNumber(v)
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  if (Array.isArray(v)) return v.map(plainText).join(', ')
  if (isDateWire(v)) return formatDate(v)
  if (isTimeWire(v)) return formatClock(v)
  if (isObj(v)) return Object.entries(v).map(([k, x]) => `${k}: ${plainText(x)}`).join(', ')
  return String(v)
}

/** The kinds of answer that are not one line of text. */
export type AnswerView = { kind: 'text'; text: string; empty?: boolean } | { kind: 'html'; html: string } | { kind: 'list'; items: string[] }

/** One answer to one component, as it should read. */
export function formatAnswer(c: Component, v: unknown): AnswerView {
  const text = (t: string): AnswerView => ({ kind: 'text', text: t })
  if (isMasked(v)) return text(v as string)
  if (v === undefined || v === null || v === '') return { kind: 'text', text: c.optional ? 'Left empty' : 'No answer', empty: true }
  const p = c.props
  switch (c.method) {
    case 'INPUT_BOOLEAN':
    case 'CONFIRM':
    case 'CONFIRM_IDENTITY':
      return typeof v === 'boolean' ? text(v ? 'Yes' : 'No') : text(plainText(v))
    case 'INPUT_NUMBER':
    case 'INPUT_SLIDER': {
      const n = typeof v === 'string' ? Number(v) : v
      return text(typeof n === 'number' && Number.isFinite(n) ? formatNumber(n, p) : plainText(v))
    }
    case 'INPUT_RICH_TEXT':
      return typeof v === 'string' ? { kind: 'html', html: v } : text(plainText(v))
    case 'INPUT_DATE':
      return text(isDateWire(v) ? formatDate(v) : plainText(v))
    case 'INPUT_TIME':
      return text(isTimeWire(v) ? formatClock(v) : plainText(v))
    case 'INPUT_DATETIME':
      return text(typeof v === 'string' ? formatDateTime(v) : plainText(v))
    case 'INPUT_FILE':
      return Array.isArray(v) ? { kind: 'list', items: v.map(formatFile) } : text(formatFile(v))
    case 'SELECT_SINGLE':
      return text(optionLabel(p.options, v))
    case 'SELECT_MULTIPLE':
      return Array.isArray(v) ? { kind: 'list', items: v.map((i) => optionLabel(p.options, i)) } : text(optionLabel(p.options, v))
    case 'SEARCH':
      return Array.isArray(v) ? { kind: 'list', items: v.map((k) => searchLabel(p, k)) } : text(searchLabel(p, v))
    default:
      return text(plainText(v))
  }
}
