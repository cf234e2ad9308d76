// Fault test: a real `serve` (startServer in a child process) on a data folder
// whose action declares two schedules, killed with SIGKILL 51 times just
// before, during and after scheduled minutes and started again at once. The
// schedules' clock is fast (a minute in two real seconds) and frozen while no
// serve is up beyond a short grace, so a slow restart on a loaded machine is
// not a missed minute, while a kill just before a minute still leaves it to the
// next serve to catch up. Afterwards History holds exactly one run with trigger
// schedule for every scheduled time of both schedules, none started twice.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cron } from '../../src/core/schedules/cron'
import { declaredSchedules, type ScheduleSpec } from '../../src/core/schedules/spec'
import type { ScheduleState } from '../../src/core/schedules/store'
import { bundleChild } from './fault-harness'
import { ROOT } from './helpers'

const SPEED = 30 // fake ms per real ms: a minute in two seconds
const MINUTES = 17
const PHASES = ['before', 'during', 'after'] as const
const FAKE0 = Date.parse('2026-03-29T00:55:30Z')
/** Downtime the clock counts (real ms); beyond it, the clock stands still until a serve is up again. */
const GRACE_MS = 300
const SPECS: ScheduleSpec[] = [
  { cron: '* * * * *', timezone: 'Europe/Berlin', params: {} },
  { cron: '*/2 * * * *', timezone: 'Europe/Berlin', params: { every: 2 } },
]
const ACTION = `export default {
  name: 'Tick',
  schedule: [{ cron: '* * * * *', timezone: 'Europe/Berlin' }, { cron: '*/2 * * * *', timezone: 'Europe/Berlin', params: { every: 2 } }],
  handler: async (io: any, ctx: any) => ctx.params,
}
`
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())))

describe('serve schedules under SIGKILL', function () {
  this.timeout(180_000)

  it('starts each scheduled time exactly once in History with serve killed 51 times around the minute', async () => {
    const child = bundleChild('test/unit/serve-schedule-fault-child.ts', join(ROOT, 'out/unit/serve-schedule-fault-child.js'))
    const root = mkdtempSync(join(tmpdir(), 'mi-serve-sched-faults-'))
    const folder = join(root, 'actions')
    const data = join(root, 'data')
    mkdirSync(folder)
    writeFileSync(join(folder, 'tick.action.ts'), ACTION)
    const real0 = Date.now() + 300
    const clock = { paused: 0, downSince: Date.now() as number | undefined }
    const writeClock = () => {
      const tmp = join(root, `clock.${process.pid}.tmp`)
      writeFileSync(tmp, JSON.stringify(clock))
      renameSync(tmp, join(root, 'clock.json'))
    }
    writeClock()
    const errors: string[] = []
    let proc: ChildProcess | undefined
    let up = false
    let starts = 0
    const startSlot = () => {
      const p = spawn(process.execPath, [child, folder, data, root, join(ROOT, 'dist'), String(FAKE0), String(real0), String(SPEED), String(GRACE_MS)], { stdio: ['ignore', 'pipe', 'pipe'] })
      starts++
      let err = ''
      p.stderr!.on('data', (d: Buffer) => (err += d.toString()))
      p.stdout!.on('data', (d: Buffer) => {
        if (!d.toString().includes('ready') || proc !== p) return
        // The downtime beyond the grace leaves the clock for good.
        if (clock.downSince !== undefined) clock.paused += Math.max(0, Date.now() - clock.downSince - GRACE_MS)
        clock.downSince = undefined
        writeClock()
        up = true
      })
      p.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') errors.push(`serve exited with ${code ?? signal}: ${err}`)
      })
      proc = p
    }
    const kill = (respawn = true) => {
      up = false
      clock.downSince = Date.now()
      writeClock()
      proc!.kill('SIGKILL')
      if (respawn) startSlot()
    }
    const serving = async () => {
      const until = Date.now() + 60_000
      while (!up) {
        if (errors.length) throw new Error(errors.join('\n'))
        if (Date.now() > until) throw new Error('serve did not start again within a minute')
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    try {
      startSlot()
      await serving()
      const realOf = (fake: number) => real0 + clock.paused + (fake - FAKE0) / SPEED
      const firstEdge = Math.ceil(FAKE0 / 60_000) * 60_000
      const kills: string[] = []
      for (let k = 1; k <= MINUTES; k++) {
        const edge = firstEdge + k * 60_000
        for (const phase of PHASES) {
          await serving()
          // Real ms around the edge: before it, inside its fire (a run takes a few ms to start), or after it.
          const offset = phase === 'before' ? -5 - Math.random() * 150 : phase === 'during' ? Math.random() * 40 : 40 + Math.random() * 600
          await sleepUntil(realOf(edge) + offset)
          kill()
          kills.push(`${k}:${phase}`)
        }
      }
      assert.equal(kills.length, MINUTES * PHASES.length)
      // Two quiet minutes, then it stops mid-minute.
      const end = firstEdge + (MINUTES + 2) * 60_000
      await serving()
      await sleepUntil(realOf(end + 30_000))
      kill(false)
      await new Promise((r) => setTimeout(r, 100))
      assert.deepEqual(errors, [])

      // Every scheduled run in History: each log's `started` events, and index lines of runs whose log a kill cut short.
      const dir = join(data, 'history')
      const started = new Map<string, number>()
      for (const name of readdirSync(dir).filter((n) => /^sched-.*\.jsonl$/.test(n))) {
        const events = readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean).flatMap((l) => {
          try {
            return [JSON.parse(l) as { type: string; trigger?: { kind: string } }]
          } catch {
            return [] // a torn last line
          }
        })
        const starts = events.filter((e) => e.type === 'started')
        assert.ok(starts.every((e) => e.trigger?.kind === 'schedule'), `${name} was not started as scheduled`)
        started.set(name.replace(/\.jsonl$/, ''), starts.length)
      }
      const index = existsSync(join(dir, 'index.tsv')) ? readFileSync(join(dir, 'index.tsv'), 'utf8').split('\n') : []
      for (const line of index) {
        const [kind, id] = line.split('\t')
        if (kind === 'S' && id?.startsWith('sched-') && !started.has(id)) started.set(id, 1)
      }
      const twice = [...started].filter(([, n]) => n > 1)
      assert.deepEqual(twice, [], `runs started more than once (kills: ${kills.join(' ')})`)
      const states = readdirSync(join(data, 'schedules', 'state')).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(data, 'schedules', 'state', n), 'utf8')) as ScheduleState)
      let runs = 0
      for (const s of declaredSchedules('tick', SPECS)) {
        const state = states.find((st) => st.id === s.id)
        assert.ok(state, `no state for ${s.cron}`)
        const cron = new Cron(s.cron)
        const expected: string[] = []
        for (let t = cron.next(Date.parse(state.since), s.timezone).getTime(); t <= end; t = cron.next(t, s.timezone).getTime()) expected.push(new Date(t).toISOString().slice(0, 16).replace(/[-:T]/g, ''))
        assert.ok(expected.length >= (s.cron === '* * * * *' ? MINUTES : MINUTES / 2 - 1), `${s.cron}: only ${expected.length} times`)
        const got = [...started.keys()].filter((id) => id.startsWith(`sched-${s.id}-`)).map((id) => id.slice(-12)).sort()
        const gotUntilEnd = got.filter((t) => t <= expected[expected.length - 1]!)
        assert.deepEqual(gotUntilEnd, expected, `${s.cron}: every scheduled time starts once, none is skipped (kills: ${kills.join(' ')}; ${s.id} state ${JSON.stringify(state)})`)
        runs += got.length
      }
      console.log(`      ${kills.length} kills, ${starts} serve starts, ${runs} scheduled runs, ${clock.paused} ms of downtime left out of the clock`)
    } finally {
      proc?.kill('SIGKILL')
    }
  })
})
