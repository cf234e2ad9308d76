// Cron: parsing (and its one-line errors), next fire times in time zones
// across DST, checked by hand and against a minute-by-minute oracle that reads
// wall clocks from Intl directly; latest() for catch-up.
import assert from 'node:assert/strict'
import { Cron, CronError, parseCron } from '../../src/core/schedules/cron'
import { TimeZone } from '../../src/core/schedules/timezone'

const MIN = 60_000
const at = (s: string): number => Date.parse(s)
/** The next `n` fire times after `after`, as ISO strings. */
function fires(cron: string, after: string, tz = 'UTC', n = 4): string[] {
  const c = parseCron(cron)
  const out: string[] = []
  let t: number | Date = at(after)
  for (let i = 0; i < n; i++) out.push((t = c.next(t, tz)).toISOString())
  return out
}

describe('cron parsing', () => {
  it('reads *, lists, ranges, steps, names and macros', () => {
    assert.deepEqual(fires('*/15 * * * *', '2026-01-01T12:07:00Z'), ['2026-01-01T12:15:00.000Z', '2026-01-01T12:30:00.000Z', '2026-01-01T12:45:00.000Z', '2026-01-01T13:00:00.000Z'])
    assert.deepEqual(fires('5,10 9-17/4 * * *', '2026-01-01T00:00:00Z', 'UTC', 5), ['2026-01-01T09:05:00.000Z', '2026-01-01T09:10:00.000Z', '2026-01-01T13:05:00.000Z', '2026-01-01T13:10:00.000Z', '2026-01-01T17:05:00.000Z'])
    // 5/20: from 5 to the end of the field, every 20.
    assert.deepEqual(fires('5/20 0 * * *', '2026-01-01T00:00:00Z', 'UTC', 3), ['2026-01-01T00:05:00.000Z', '2026-01-01T00:25:00.000Z', '2026-01-01T00:45:00.000Z'])
    assert.deepEqual(fires('0 9 * jan,Jul mon-FRI', '2026-06-30T00:00:00Z', 'UTC', 2), ['2026-07-01T09:00:00.000Z', '2026-07-02T09:00:00.000Z'])
    assert.deepEqual(fires('0 0 * * 7', '2026-01-01T00:00:00Z'), fires('0 0 * * SUN', '2026-01-01T00:00:00Z'))
    assert.deepEqual(fires('0 0 * * 5-7', '2026-01-01T00:00:00Z', 'UTC', 4), ['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z', '2026-01-09T00:00:00.000Z'])
    assert.equal(parseCron('@hourly').fields, '0 * * * *')
    assert.equal(parseCron('@DAILY').fields, '0 0 * * *')
    assert.equal(parseCron('@weekly').fields, '0 0 * * 0')
    assert.equal(parseCron('@monthly').fields, '0 0 1 * *')
    assert.equal(parseCron('@yearly').fields, '0 0 1 1 *')
    assert.equal(parseCron('  0   9 * *  1 ').fields, '0 9 * * 1')
  })

  it('explains a bad cron in one line naming the field', () => {
    const cases: [string, RegExp][] = [
      ['0 9 * *', /has 4 fields; expected 5: minute hour day-of-month month day-of-week/],
      ['', /has 0 fields/],
      ['0 9 * * MOX', /day-of-week: "MOX" is not a number or a day name \(SUN–SAT\)/],
      ['0 9 * FOO *', /month: "FOO" is not a number or a month name/],
      ['61 * * * *', /minute: 61 is out of range 0–59/],
      ['0 24 * * *', /hour: 24 is out of range 0–23/],
      ['0 0 0 * *', /day-of-month: 0 is out of range 1–31/],
      ['0 0 * 13 *', /month: 13 is out of range 1–12/],
      ['0 0 * * 8', /day-of-week: 8 is out of range 0–7/],
      ['5-1 * * * *', /minute: range 5-1 goes backwards/],
      ['*/0 * * * *', /minute: step "0" must be a whole number above 0/],
      ['1-2-3 * * * *', /minute: "1-2-3" is not a range/],
      ['1,,2 * * * *', /minute: "1,,2" has an empty list item/],
      ['*/5/2 * * * *', /more than one step/],
      ['0 0 L * *', /day-of-month: "L" is not supported/],
      ['0 0 * * 5#2', /day-of-week: .*not supported/],
      ['0 0 30 2 *', /day-of-month: no month in "2" has day 30, so it never fires/],
      ['0 0 31 4,6,9,11 *', /never fires/],
      ['@reboot', /unknown macro/],
    ]
    for (const [text, message] of cases) {
      assert.throws(() => parseCron(text), (e: unknown) => e instanceof CronError && message.test(e.message) && !e.message.includes('\n'), text)
    }
    // Day 30 in February is fine when another month or a day of the week can fire.
    assert.doesNotThrow(() => parseCron('0 0 30 2,3 *'))
    assert.doesNotThrow(() => parseCron('0 0 30 2 MON'))
  })

  it('rejects unknown time zones with a hint', () => {
    assert.throws(() => parseCron('* * * * *').next(0, 'Mars/Olympus'), /Unknown time zone "Mars\/Olympus": use an IANA name/)
  })
})

describe('cron next()', () => {
  it('is strictly after, from any instant inside a minute', () => {
    assert.deepEqual(fires('* * * * *', '2026-01-01T12:00:00Z', 'UTC', 1), ['2026-01-01T12:01:00.000Z'])
    assert.deepEqual(fires('* * * * *', '2026-01-01T12:00:59.999Z', 'UTC', 1), ['2026-01-01T12:01:00.000Z'])
    assert.deepEqual(fires('0 0 1 1 *', '2026-12-31T23:59:00Z', 'UTC', 2), ['2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z'])
  })

  it('applies the day-of-month / day-of-week OR rule as Vixie cron does', () => {
    // Both restricted: the 13th or any Friday (Jan 2026: Fri 2, 9, Tue 13, Fri 16).
    assert.deepEqual(fires('0 9 13 * 5', '2026-01-01T00:00:00Z', 'UTC', 5), ['2026-01-02T09:00:00.000Z', '2026-01-09T09:00:00.000Z', '2026-01-13T09:00:00.000Z', '2026-01-16T09:00:00.000Z', '2026-01-23T09:00:00.000Z'])
    // One of them starts with *: both must match (the 13th that is an even weekday: Tue 13 Jan = 2).
    assert.deepEqual(fires('0 9 13 * */2', '2026-01-01T00:00:00Z', 'UTC', 2), ['2026-01-13T09:00:00.000Z', '2026-06-13T09:00:00.000Z'])
    assert.deepEqual(fires('0 9 13 * *', '2026-01-01T00:00:00Z', 'UTC', 2), ['2026-01-13T09:00:00.000Z', '2026-02-13T09:00:00.000Z'])
    // A step from * counts as *: the 1st, 11th, 21st or 31st that is a Monday.
    assert.deepEqual(fires('0 9 */10 * 1', '2026-01-01T00:00:00Z', 'UTC', 2), ['2026-05-11T09:00:00.000Z', '2026-06-01T09:00:00.000Z'])
  })

  it('handles Feb 29, month ends and "last days" ranges', () => {
    assert.deepEqual(fires('0 0 29 2 *', '2026-01-01T00:00:00Z', 'UTC', 3), ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z'])
    // 2100 is no leap year.
    assert.deepEqual(fires('0 0 29 2 *', '2097-01-01T00:00:00Z', 'UTC', 1), ['2104-02-29T00:00:00.000Z'])
    assert.deepEqual(fires('0 0 31 * *', '2026-04-01T00:00:00Z', 'UTC', 3), ['2026-05-31T00:00:00.000Z', '2026-07-31T00:00:00.000Z', '2026-08-31T00:00:00.000Z'])
    assert.deepEqual(fires('0 0 28-31 2 *', '2026-01-01T00:00:00Z', 'UTC', 2), ['2026-02-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z'])
    assert.deepEqual(fires('0 0 28-31 2 *', '2028-02-28T12:00:00Z', 'UTC', 1), ['2028-02-29T00:00:00.000Z'])
  })

  it('fires a skipped wall time once at the jump, and a repeated one on its first pass (Europe/Berlin)', () => {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z.
    assert.deepEqual(fires('30 2 * * *', '2026-03-28T00:00:00Z', 'Europe/Berlin'), ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z'])
    // 02:00, 02:30 (skipped) and 03:00 all land on the jump: one fire.
    assert.deepEqual(fires('0,30 2,3 * * *', '2026-03-29T00:00:00Z', 'Europe/Berlin', 3), ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:00:00.000Z'])
    assert.deepEqual(fires('*/30 * * * *', '2026-03-28T23:00:00Z', 'Europe/Berlin', 5), ['2026-03-28T23:30:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'])
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00Z; 02:30 happens at 00:30Z and 01:30Z.
    assert.deepEqual(fires('30 2 * * *', '2026-10-24T00:00:00Z', 'Europe/Berlin'), ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'])
    assert.deepEqual(fires('0,30 2 * * *', '2026-10-24T23:00:00Z', 'Europe/Berlin', 3), ['2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:00:00.000Z'])
    // From inside the repeated hour, a fixed time already run waits for tomorrow.
    assert.deepEqual(fires('30 2 * * *', '2026-10-25T01:10:00Z', 'Europe/Berlin', 1), ['2026-10-26T01:30:00.000Z'])
    // Hourly and */20 are wildcard jobs: they follow elapsed time through the repeated hour.
    assert.deepEqual(fires('0 * * * *', '2026-10-24T23:30:00Z', 'Europe/Berlin', 4), ['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z'])
    assert.deepEqual(fires('*/20 * * * *', '2026-10-25T01:10:00Z', 'Europe/Berlin', 2), ['2026-10-25T01:20:00.000Z', '2026-10-25T01:40:00.000Z'])
  })

  it('handles America/New_York, half-hour zones and 30-minute DST (Lord Howe)', () => {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
    assert.deepEqual(fires('30 2 * * *', '2026-03-07T12:00:00Z', 'America/New_York', 3), ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'])
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00Z; 01:30 happens at 05:30Z and 06:30Z.
    assert.deepEqual(fires('30 1 * * *', '2026-10-31T12:00:00Z', 'America/New_York', 2), ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'])
    assert.deepEqual(fires('0 9 * * MON-FRI', '2026-03-06T12:00:00Z', 'America/New_York', 2), ['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z'])
    assert.deepEqual(fires('0 9 * * *', '2026-01-01T00:00:00Z', 'Asia/Kolkata', 1), ['2026-01-01T03:30:00.000Z'])
    // Lord Howe: 02:00 (+10:30) jumps to 02:30 (+11) on 2026-10-04, at 15:30Z on the 3rd.
    assert.deepEqual(fires('15 2 * * *', '2026-10-02T00:00:00Z', 'Australia/Lord_Howe', 2), ['2026-10-02T15:45:00.000Z', '2026-10-03T15:30:00.000Z'])
  })

  it('agrees with a minute-by-minute oracle around DST changes', () => {
    type Wall = { y: number; mo: number; d: number; h: number; mi: number; dow: number; ms: number }
    const wallOf = (tz: string): ((t: number) => Wall) => {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' })
      const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
      return (t) => {
        const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]))
        const w = { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, dow: days.indexOf(p.weekday) }
        return { ...w, ms: Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) }
      }
    }
    // Each cron with its own predicate, written independently of the parser.
    const crons: { cron: string; match: (w: Wall) => boolean; wildcard: boolean }[] = [
      { cron: '30 2 * * *', match: (w) => w.h === 2 && w.mi === 30, wildcard: false },
      { cron: '0 1-3 * * *', match: (w) => w.mi === 0 && w.h >= 1 && w.h <= 3, wildcard: false },
      { cron: '*/7 * * * *', match: (w) => w.mi % 7 === 0, wildcard: true },
      { cron: '45 * * * SUN', match: (w) => w.mi === 45 && w.dow === 0, wildcard: true },
      { cron: '15,45 2 * * *', match: (w) => w.h === 2 && (w.mi === 15 || w.mi === 45), wildcard: false },
      { cron: '* 2 * * *', match: (w) => w.h === 2, wildcard: true },
      { cron: '10 */3 * * *', match: (w) => w.mi === 10 && w.h % 3 === 0, wildcard: true },
      { cron: '0,20,40 0-4 * * *', match: (w) => w.mi % 20 === 0 && w.h <= 4, wildcard: false },
    ]
    const windows: [string, string][] = [
      ['Europe/Berlin', '2026-03-28T20:00:00Z'], ['Europe/Berlin', '2026-10-24T20:00:00Z'],
      ['America/New_York', '2026-03-08T00:00:00Z'], ['America/New_York', '2026-10-31T23:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T10:00:00Z'], ['Australia/Lord_Howe', '2026-04-04T10:00:00Z'],
    ]
    for (const [tz, from] of windows) {
      const wall = wallOf(tz)
      const start = at(from)
      const end = start + 12 * 60 * MIN
      for (const { cron, match, wildcard } of crons) {
        const expected: number[] = []
        let maxWall = wall(start - MIN).ms
        for (let t = start; t <= end; t += MIN) {
          const w = wall(t)
          let fire = false
          // Wall minutes the clock jumped over fire at the first instant after the jump.
          for (let skipped = maxWall + MIN; skipped < w.ms; skipped += MIN) {
            const d = new Date(skipped)
            if (match({ y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), dow: d.getUTCDay(), ms: skipped })) fire = true
          }
          if (match(w) && (wildcard || w.ms > maxWall)) fire = true
          if (fire) expected.push(t)
          maxWall = Math.max(maxWall, w.ms)
        }
        const got: number[] = []
        const c = new Cron(cron)
        for (let t = c.next(start - 1, tz).getTime(); t <= end; t = c.next(t, tz).getTime()) got.push(t)
        assert.deepEqual(got.map((t) => new Date(t).toISOString()), expected.map((t) => new Date(t).toISOString()), `${cron} in ${tz} from ${from}`)
      }
    }
  })

  it('finds a sparse schedule years ahead without scanning minutes', () => {
    // Twenty leap days ahead (2100 is none), across eighty years of DST changes.
    const c = parseCron('0 12 29 2 *')
    let t = new Date('2026-01-01T00:00:00Z')
    for (let i = 0; i < 20; i++) t = c.next(t, 'Europe/Berlin')
    assert.equal(t.toISOString(), '2108-02-29T11:00:00.000Z')
  })
})

describe('cron latest()', () => {
  it('gives the most recent fire time in (after, upTo], or none', () => {
    const every = parseCron('* * * * *')
    assert.equal(every.latest(at('2026-01-01T00:00:00Z'), at('2026-01-08T10:10:30Z'))?.toISOString(), '2026-01-08T10:10:00.000Z')
    assert.equal(every.latest(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:01:00Z'))?.toISOString(), '2026-01-01T00:01:00.000Z')
    assert.equal(every.latest(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:59Z')), undefined)
    const yearly = parseCron('0 0 1 1 *')
    assert.equal(yearly.latest(at('2020-06-01T00:00:00Z'), at('2026-05-01T00:00:00Z'))?.toISOString(), '2026-01-01T00:00:00.000Z')
    assert.equal(yearly.latest(at('2026-01-01T00:00:00Z'), at('2026-05-01T00:00:00Z')), undefined)
    assert.equal(parseCron('30 2 * * *').latest(at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'), 'Europe/Berlin')?.toISOString(), '2026-03-29T01:00:00.000Z')
  })

  it('caches a zone', () => {
    assert.equal(TimeZone.of('Europe/Berlin'), TimeZone.of('Europe/Berlin'))
    assert.equal(TimeZone.of('Europe/Berlin').offsetAt(at('2026-07-01T00:00:00Z')), 2 * 60 * MIN)
    assert.equal(TimeZone.of('UTC').offsetAt(at('2026-07-01T00:00:00Z')), 0)
  })
})
