// What a table cell shows, searches and sorts by. Pure functions (no DOM):
// the engine calls them for every cell of 100,000-row tables, so the common
// cases stay cheap (dates are formatted from per-day and per-minute caches).
import type { CellWire, RichCellWire } from '../../../src/core/protocol'

export const isRich = (c: CellWire | undefined): c is RichCellWire => typeof c === 'object' && c !== null && 'l' in c
const isDate = (c: CellWire | undefined): c is { d: number } => typeof c === 'object' && c !== null && 'd' in c

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })
const days = new Map<number, string>()
const minutes = new Map<number, string>()

/** A date in the person's locale; the time only when it is not midnight. Cached: Intl.format is the slow part. */
export function dateText(ms: number): string {
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return ''
  const dayKey = d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate()
  let day = days.get(dayKey)
  if (day === undefined) days.set(dayKey, (day = dayFormat.format(d)))
  const minute = d.getHours() * 60 + d.getMinutes()
  if (minute === 0 && d.getSeconds() === 0) return day
  let time = minutes.get(minute)
  if (time === undefined) minutes.set(minute, (time = timeFormat.format(d)))
  return `${day}, ${time}`
}

/** The text a cell shows (and its `title`); '' for an empty cell. */
export function cellText(c: CellWire | undefined): string {
  if (c === null || c === undefined) return ''
  switch (typeof c) {
    case 'string':
      return c
    case 'number':
      return String(c)
    case 'boolean':
      return c ? 'true' : 'false'
  }
  if (isDate(c)) return dateText(c.d)
  return isRich(c) ? c.l : ''
}

/** What search looks in: the shown text, and a rich cell's `v` too. */
export function searchText(c: CellWire | undefined): string {
  if (isRich(c) && c.v !== undefined && String(c.v) !== c.l) return `${c.l} ${c.v}`
  return cellText(c)
}

/** True when the cell holds a number (right-aligned, sorted by value). */
export function isNumeric(c: CellWire | undefined): boolean {
  return typeof c === 'number' || (isRich(c) && typeof c.v === 'number')
}

/**
 * Lower-cased text in which every digit run is prefixed by a character for its
 * length, so plain `<` orders it naturally ("item 2" < "item 10") without a
 * collator. The prefix stays in the digits' range (below letters, above spaces).
 */
export function naturalKey(s: string): string {
  const lower = s.toLowerCase()
  let out = ''
  let from = 0
  for (let i = 0; i < lower.length; i++) {
    if (!isDigit(lower.charCodeAt(i))) continue
    let j = i + 1
    while (j < lower.length && isDigit(lower.charCodeAt(j))) j++
    // Leading zeros dropped: "007" and "7" are equal, "10" > "9".
    let k = i
    while (k < j - 1 && lower.charCodeAt(k) === 48) k++
    out += lower.slice(from, i) + String.fromCharCode(48 + Math.min(j - k, 40)) + lower.slice(k, j)
    from = j
    i = j - 1
  }
  return from === 0 ? lower : out + lower.slice(from)
}
const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** A cell's sort key: a number (numbers, dates, booleans, numeric `v`), a natural string key, or null when empty. */
export function sortKey(c: CellWire | undefined): number | string | null {
  if (c === null || c === undefined || c === '') return null
  switch (typeof c) {
    case 'number':
      return c
    case 'boolean':
      return c ? 1 : 0
    case 'string':
      return naturalKey(c)
  }
  if (isDate(c)) return c.d
  if (isRich(c)) {
    if (typeof c.v === 'number') return c.v
    const text = c.v !== undefined && c.v !== '' ? c.v : c.l
    return text === '' ? null : naturalKey(text)
  }
  return null
}
