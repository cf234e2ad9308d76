// The process schedule-faults.test.ts kills: a scheduler on a shared folder
// with a fast clock (one real second is a minute), whose fire starts a "run"
// by appending a line to fires.jsonl unless one with that run id is there,
// as the real fire checks History for the run's log. It says "up", then waits
// for "go <paused ms>": the test's clock leaves out time beyond half a minute
// when no process was up, so a slow restart on a loaded machine is not a
// skipped minute.
import { appendFileSync, existsSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { Leases } from '../../src/core/history/lease'
import { Scheduler, type Clock } from '../../src/core/schedules/scheduler'
import { declaredSchedules } from '../../src/core/schedules/spec'

const [dir, fake0, real0, speed, tag] = process.argv.slice(2)
let paused = 0
const clock: Clock = {
  now: () => Number(fake0) + (Date.now() - Number(real0) - paused) * Number(speed),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.ceil(ms / Number(speed)))
    return () => clearTimeout(t)
  },
}
const fires = join(dir, 'fires.jsonl')
const line = (file: string, value: unknown) => appendFileSync(join(dir, file), `${JSON.stringify(value)}\n`)
const lease = new Leases(join(dir, 'leases')).acquire(1_000)
const scheduler = new Scheduler({
  dir: join(dir, 'schedules'), leases: lease.leases, owner: lease.id, clock, retryMs: 2_000,
  fire: async (schedule, scheduledFor, runId) => {
    line('attempts.jsonl', { runId, tag, pid: process.pid })
    if (existsSync(fires) && readFileSync(fires, 'utf8').includes(`"${runId}"`)) return
    // Starting a run takes a moment: a kill can land inside it.
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 8)))
    line('fires.jsonl', { runId, schedule: schedule.id, at: scheduledFor.toISOString(), firedAt: new Date(clock.now()).toISOString(), tag })
  },
  onEvent: (e) => {
    if (e.type === 'skipped') line('skipped.jsonl', { schedule: e.schedule.id, after: e.after, before: e.before, tag })
    if (e.type === 'fired' && e.resumed) line('resumed.jsonl', { runId: e.runId, tag })
    if (e.type === 'error' || e.type === 'failed') line('errors.jsonl', { e: e.type === 'error' ? e.error : e.error, tag })
  },
})
writeSync(1, 'up\n')
process.stdin.once('data', (d: Buffer) => {
  paused = Number(/^go (\d+)/.exec(d.toString())?.[1] ?? NaN)
  if (Number.isNaN(paused)) throw new Error(`expected "go <ms>", got ${d.toString()}`)
  scheduler.start(declaredSchedules('report', [
    { cron: '* * * * *', timezone: 'Europe/Berlin', params: {} },
    { cron: '*/2 * * * *', timezone: 'Europe/Berlin', params: { every: 2 } },
  ]))
  writeSync(1, `ready ${lease.id}\n`)
})
setInterval(() => {}, 60_000)
