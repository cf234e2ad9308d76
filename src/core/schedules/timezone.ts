// An IANA time zone as cron needs it: the UTC offset at an instant and the
// instants where it changes. Offsets come from Intl (Node has full ICU); each
// year's transitions are found once (a daily sample, then a binary search to
// the minute) and cached, so computing a fire time calls Intl only the first
// time a zone-year is seen.
const MINUTE = 60_000
const DAY = 86_400_000
/** How far ahead a zone is searched for its next transition (a zone without DST has none). */
const HORIZON_YEARS = 10

export interface Transition {
  /** The first instant with the new offset. */
  at: number
  /** Offsets (wall clock minus UTC, in ms) before and from `at`. */
  before: number
  after: number
}

interface Year {
  /** The offset at the year's first instant (UTC). */
  start: number
  transitions: Transition[]
}

export class TimeZone {
  private readonly years = new Map<number, Year>()
  private readonly format?: Intl.DateTimeFormat

  private constructor(readonly name: string) {
    if (!isUtc(name)) {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      })
    }
  }

  private static readonly cache = new Map<string, TimeZone>()

  /** The zone `name`, or throws with one line saying what a valid name looks like. */
  static of(name = 'UTC'): TimeZone {
    let z = TimeZone.cache.get(name)
    if (!z) {
      try {
        z = new TimeZone(name)
      } catch {
        throw new Error(`Unknown time zone "${name}": use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC".`)
      }
      TimeZone.cache.set(name, z)
    }
    return z
  }

  /** Wall clock minus UTC at `t`, in ms. */
  offsetAt(t: number): number {
    if (!this.format) return 0
    const y = this.year(new Date(t).getUTCFullYear())
    let o = y.start
    for (const tr of y.transitions) if (tr.at <= t) o = tr.after
    return o
  }

  /** The first transition after `t` (exclusive), within the horizon. */
  transitionAfter(t: number): Transition | undefined {
    if (!this.format) return undefined
    const y0 = new Date(t).getUTCFullYear()
    for (let y = y0; y <= y0 + HORIZON_YEARS; y++) {
      const found = this.year(y).transitions.find((tr) => tr.at > t)
      if (found) return found
    }
    return undefined
  }

  /** The last transition at or before `t`, if it was this year or last. */
  transitionAtOrBefore(t: number): Transition | undefined {
    if (!this.format) return undefined
    const y0 = new Date(t).getUTCFullYear()
    for (const y of [y0, y0 - 1]) {
      const list = this.year(y).transitions.filter((tr) => tr.at <= t)
      if (list.length) return list[list.length - 1]
    }
    return undefined
  }

  private intlOffset(t: number): number {
    const at = Math.floor(t / 1000) * 1000
    const p: Record<string, number> = {}
    for (const part of this.format!.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value)
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at
  }

  private year(y: number): Year {
    let data = this.years.get(y)
    if (data) return data
    const from = Date.UTC(y, 0, 1)
    const to = Date.UTC(y + 1, 0, 1)
    data = { start: this.intlOffset(from), transitions: [] }
    let prevT = from
    let prevO = data.start
    for (let t = from + DAY; ; t = Math.min(t + DAY, to)) {
      const o = this.intlOffset(t)
      if (o !== prevO) {
        // The change is somewhere in (prevT, t]: narrow it to the minute.
        let lo = prevT
        let hi = t
        while (hi - lo > MINUTE) {
          const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
          if (this.intlOffset(mid) === prevO) lo = mid
          else hi = mid
        }
        if (hi < to) data.transitions.push({ at: hi, before: prevO, after: o })
      }
      prevT = t
      prevO = o
      if (t >= to) break
    }
    this.years.set(y, data)
    return data
  }
}

function isUtc(name: string): boolean {
  return /^(UTC|Etc\/UTC|Etc\/GMT|GMT|Etc\/Universal|Universal|Etc\/Zulu|Zulu)$/i.test(name)
}
