// Five-field cron (minute hour day-of-month month day-of-week) as Vixie cron
// reads it: `*`, lists, ranges, steps, month and day names, the @macros, and
// the day rule (when both day fields are restricted, either one matching is
// enough). `next()` finds the next fire time in an IANA time zone by jumping
// field by field over wall-clock time inside each stretch of constant UTC
// offset, so a yearly schedule costs a handful of steps, not a year of minutes.
// Across DST: a wall time the clock skips fires once, at the first instant
// after the jump; a wall time the clock repeats fires on its first pass only,
// unless the minute or hour field starts with `*` (Vixie's "wildcard" jobs,
// which follow elapsed time and so also run through the repeated hour).
import { TimeZone } from './timezone'

const MINUTE = 60_000
const HORIZON_MS = 12 * 366 * 86_400_000

export class CronError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CronError'
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface Field {
  name: string
  min: number
  max: number
  /** Names for min, min+1, … (month: JAN=1; day: SUN=0). */
  names?: string[]
  what?: string
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, what: 'a month name (JAN–DEC)' },
  // 7 is Sunday too, as in Vixie cron.
  { name: 'day-of-week', min: 0, max: 7, names: DAYS, what: 'a day name (SUN–SAT)' },
]

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

/** Days in each month, February as in a leap year: what a day-of-month can ever reach. */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function parseField(text: string, f: Field, fail: (field: string, message: string) => never): { set: boolean[]; star: boolean } {
  const set = new Array<boolean>(f.max + 1).fill(false)
  const value = (s: string): number => {
    if (/^\d+$/.test(s)) {
      const n = Number(s)
      if (n < f.min || n > f.max) fail(f.name, `${n} is out of range ${f.min}–${f.max}`)
      return n
    }
    const i = f.names?.indexOf(s.toUpperCase()) ?? -1
    if (i >= 0) return i + f.min
    if (/[LW#?]/i.test(s)) fail(f.name, `"${s}" is not supported: use numbers, names, *, lists (1,3), ranges (1-5) and steps (*/15)`)
    return fail(f.name, `"${s}" is not a number${f.what ? ` or ${f.what}` : ''}`)
  }
  for (const part of text.split(',')) {
    if (!part) fail(f.name, `"${text}" has an empty list item`)
    const pieces = part.split('/')
    if (pieces.length > 2) fail(f.name, `"${part}" has more than one step`)
    const [range, stepText] = pieces
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) fail(f.name, `step "${stepText}" must be a whole number above 0`)
      step = Number(stepText)
    }
    let lo: number
    let hi: number
    if (range === '*') {
      lo = f.min
      hi = f.name === 'day-of-week' ? 6 : f.max
    } else if (range.includes('-')) {
      const ends = range.split('-')
      if (ends.length !== 2 || !ends[0] || !ends[1]) fail(f.name, `"${range}" is not a range like 1-5`)
      lo = value(ends[0])
      hi = value(ends[1])
      if (lo > hi) fail(f.name, `range ${range} goes backwards`)
    } else {
      lo = value(range)
      // `5/15` means from 5 to the end, every 15.
      hi = stepText !== undefined ? f.max : lo
    }
    for (let v = lo; v <= hi; v += step) set[v] = true
  }
  if (f.name === 'day-of-week' && set[7]) set[0] = true
  return { set, star: text.startsWith('*') }
}

/** Indexes of `set` that are true, ascending. */
const valuesOf = (set: boolean[]): number[] => set.flatMap((on, i) => (on ? [i] : []))

export class Cron {
  /** The five fields it stands for (a macro expanded). */
  readonly fields: string
  private readonly minute: boolean[]
  private readonly hour: boolean[]
  private readonly dom: boolean[]
  private readonly month: boolean[]
  private readonly dow: boolean[]
  private readonly domStar: boolean
  private readonly dowStar: boolean
  /** The minute or hour field starts with `*`: it follows elapsed time through a repeated DST hour. */
  readonly wildcard: boolean

  /** Throws a CronError naming the bad field. */
  constructor(readonly source: string) {
    const text = source.trim()
    const fail = (field: string, message: string): never => {
      throw new CronError(`Cron "${source}": ${field}: ${message}.`)
    }
    let fields = text
    if (text.startsWith('@')) {
      const macro = MACROS[text.toLowerCase()]
      if (!macro) throw new CronError(`Cron "${source}": unknown macro; use one of ${Object.keys(MACROS).join(', ')}.`)
      fields = macro
    }
    const parts = fields.split(/\s+/).filter(Boolean)
    if (parts.length !== 5) {
      throw new CronError(`Cron "${source}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; expected 5: minute hour day-of-month month day-of-week.`)
    }
    this.fields = parts.join(' ')
    const [mi, h, dom, mo, dow] = parts.map((p, i) => parseField(p, FIELDS[i], fail))
    this.minute = mi.set
    this.hour = h.set
    this.dom = dom.set
    this.month = mo.set
    this.dow = dow.set
    this.domStar = dom.star
    this.dowStar = dow.star
    this.wildcard = mi.star || h.star
    // Only a day-of-month alone can make a cron that never fires (30 2 * *: no February 30th).
    if (!this.domStar && this.dowStar) {
      const possible = valuesOf(this.month).some((m) => valuesOf(this.dom).some((d) => d <= MAX_DAYS[m - 1]))
      if (!possible) fail('day-of-month', `no month in "${mo.star ? '*' : parts[3]}" has day ${valuesOf(this.dom).join(',')}, so it never fires`)
    }
  }

  private dayMatches(y: number, m: number, d: number): boolean {
    const domOk = this.dom[d]
    const dowOk = this.dow[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]
    return this.domStar || this.dowStar ? domOk && dowOk : domOk || dowOk
  }

  /** The first matching wall-clock minute in [from, to) (wall times as UTC ms), or undefined. */
  private nextWall(from: number, to: number): number | undefined {
    let t = Math.ceil(from / MINUTE) * MINUTE
    while (t < to) {
      const d = new Date(t)
      const y = d.getUTCFullYear()
      const m = d.getUTCMonth() + 1
      const day = d.getUTCDate()
      if (!this.month[m]) {
        const nm = this.month.indexOf(true, m + 1)
        t = nm > 0 ? Date.UTC(y, nm - 1, 1) : Date.UTC(y + 1, this.month.indexOf(true) - 1, 1)
        continue
      }
      if (!this.dayMatches(y, m, day)) {
        t = Date.UTC(y, m - 1, day + 1)
        continue
      }
      const h = d.getUTCHours()
      if (!this.hour[h]) {
        const nh = this.hour.indexOf(true, h + 1)
        t = nh >= 0 ? Date.UTC(y, m - 1, day, nh) : Date.UTC(y, m - 1, day + 1)
        continue
      }
      const mi = d.getUTCMinutes()
      if (!this.minute[mi]) {
        const nmi = this.minute.indexOf(true, mi + 1)
        t = nmi >= 0 ? Date.UTC(y, m - 1, day, h, nmi) : Date.UTC(y, m - 1, day, h + 1)
        continue
      }
      return t
    }
    return undefined
  }

  /** The first fire time strictly after `after`, in time zone `tz` (IANA; default UTC). */
  next(after: Date | number, tz = 'UTC'): Date {
    const zone = TimeZone.of(tz)
    let t = Math.floor(+after / MINUTE) * MINUTE + MINUTE
    const limit = t + HORIZON_MS
    while (t < limit) {
      const o = zone.offsetAt(t)
      const prev = zone.transitionAtOrBefore(t)
      // t is the instant right after a spring-forward jump: the wall times skipped fire once, now.
      if (prev && prev.at === t && prev.after > prev.before && this.nextWall(t + prev.before, t + prev.after) !== undefined) return new Date(t)
      let from = t + o
      // After a fall-back the clock repeats wall times that fired on their first pass.
      if (prev && prev.after < prev.before && !this.wildcard) from = Math.max(from, prev.at + prev.before)
      const end = zone.transitionAfter(t)?.at ?? limit
      const wall = this.nextWall(from, end + o)
      if (wall !== undefined) return new Date(wall - o)
      t = end
    }
    throw new CronError(`Cron "${this.source}" does not fire within 12 years.`)
  }

  /**
   * The most recent fire time in (after, upTo], or undefined: what a scheduler
   * that was down catches up. Looks back in growing windows, so a dense cron
   * costs a few steps and a sparse one a few windows.
   */
  latest(after: Date | number, upTo: Date | number, tz = 'UTC'): Date | undefined {
    const lo0 = +after
    const hi = +upTo
    for (let window = 60 * MINUTE; ; window *= 4) {
      const lo = Math.max(lo0, hi - window)
      let t = this.next(lo, tz).getTime()
      if (t <= hi) {
        for (let n = this.next(t, tz).getTime(); n <= hi; n = this.next(t, tz).getTime()) t = n
        return new Date(t)
      }
      if (lo === lo0) return undefined
    }
  }
}

/** Parses `text` (five fields or an @macro); throws a CronError naming the bad field. */
export function parseCron(text: string): Cron {
  return new Cron(text)
}
