// Fault test: two scheduler processes share a data folder, on a clock where a
// real second is a minute (starting just before Berlin's spring-forward), and
// are killed with SIGKILL 50 times just before, during and after scheduled
// minutes, each restarted at once. Afterwards every scheduled time of both
// schedules was started exactly once, never before its time.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cron } from '../../src/core/schedules/cron'
import { declaredSchedules } from '../../src/core/schedules/spec'
import type { ScheduleState } from '../../src/core/schedules/store'
import { bundleChild } from './fault-harness'
import { ROOT } from './helpers'

const SPEED = 60 // fake ms per real ms: a minute a second
const MINUTES = 25
const KILLS = 2 * MINUTES
const FAKE0 = Date.parse('2026-03-29T00:50:30Z') // Berlin jumps from 02:00 to 03:00 at 01:00Z
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())))
const jsonl = <T>(file: string): T[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T) : [])

describe('schedules under SIGKILL', function () {
  this.timeout(90_000)

  it('runs each scheduled time exactly once with two processes killed 50 times around the minute', async () => {
    const child = bundleChild('test/unit/schedule-fault-child.ts', join(ROOT, 'out/unit/schedule-fault-child.js'))
    const dir = mkdtempSync(join(tmpdir(), 'mini-interval-sched-faults-'))
    const real0 = Date.now() + 500
    const errors: string[] = []
    const procs: Record<'A' | 'B', ChildProcess | undefined> = { A: undefined, B: undefined }
    const spawnSlot = (slot: 'A' | 'B') => {
      const p = spawn(process.execPath, [child, dir, String(FAKE0), String(real0), String(SPEED), slot], { stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      p.stderr!.on('data', (d: Buffer) => (err += d.toString()))
      p.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') errors.push(`child ${slot} exited with ${code ?? signal}: ${err}`)
      })
      procs[slot] = p
    }
    spawnSlot('A')
    spawnSlot('B')
    // Kill plan: per minute edge, one kill just before it and one during (within the fire) or after it.
    const realOf = (fake: number) => real0 + (fake - FAKE0) / SPEED
    const firstEdge = Math.ceil(FAKE0 / 60_000) * 60_000 + 60_000
    const plan: { at: number; targets: ('A' | 'B')[]; phase: string }[] = []
    const pick = (): ('A' | 'B')[] => [['A'], ['B'], ['A', 'B']][Math.floor(Math.random() * 3)] as ('A' | 'B')[]
    for (let k = 0; k < MINUTES; k++) {
      const edge = realOf(firstEdge + k * 60_000)
      plan.push({ at: edge - 10 - Math.random() * 190, targets: pick(), phase: 'before' })
      if (k % 2) plan.push({ at: edge + Math.random() * 25, targets: pick(), phase: 'during' })
      else plan.push({ at: edge + 25 + Math.random() * 375, targets: pick(), phase: 'after' })
    }
    assert.equal(plan.length, KILLS)
    for (const kill of plan) {
      await sleepUntil(kill.at)
      for (const slot of kill.targets) {
        procs[slot]!.kill('SIGKILL')
        spawnSlot(slot)
      }
    }
    // Let them run two quiet minutes, then stop both mid-minute.
    const end = firstEdge + (MINUTES + 2) * 60_000
    await sleepUntil(realOf(end + 30_000))
    for (const slot of ['A', 'B'] as const) procs[slot]!.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 100))

    assert.deepEqual(errors, [])
    assert.deepEqual(jsonl(join(dir, 'errors.jsonl')), [])
    const fires = jsonl<{ runId: string; schedule: string; at: string; firedAt: string }>(join(dir, 'fires.jsonl'))
    const runIds = fires.map((f) => f.runId)
    assert.equal(new Set(runIds).size, runIds.length, `a run started twice: ${runIds.filter((id, i) => runIds.indexOf(id) !== i).join(', ')}`)
    for (const f of fires) assert.ok(f.firedAt >= f.at, `${f.runId} started before its time (${f.firedAt})`)
    assert.deepEqual(jsonl(join(dir, 'skipped.jsonl')), [], 'nothing was down for a whole minute, so nothing is skipped')
    const schedules = declaredSchedules('report', [
      { cron: '* * * * *', timezone: 'Europe/Berlin', params: {} },
      { cron: '*/2 * * * *', timezone: 'Europe/Berlin', params: { every: 2 } },
    ])
    const states = readdirSync(join(dir, 'schedules', 'state')).map((n) => JSON.parse(readFileSync(join(dir, 'schedules', 'state', n), 'utf8')) as ScheduleState)
    for (const s of schedules) {
      const since = Date.parse(states.find((st) => st.id === s.id)!.since)
      const expected: string[] = []
      const cron = new Cron(s.cron)
      for (let t = cron.next(since, s.timezone).getTime(); t <= end; t = cron.next(t, s.timezone).getTime()) expected.push(new Date(t).toISOString())
      assert.ok(expected.length >= (s.cron === '* * * * *' ? MINUTES : MINUTES / 2))
      const got = fires.filter((f) => f.schedule === s.id && Date.parse(f.at) <= end).map((f) => f.at).sort()
      assert.deepEqual(got, expected, s.cron)
    }
    const resumed = jsonl(join(dir, 'resumed.jsonl')).length
    const attempts = jsonl(join(dir, 'attempts.jsonl')).length
    console.log(`      ${KILLS} kills (${plan.filter((k) => k.targets.length === 2).length} of both), ${fires.length} runs, ${attempts} fire calls, ${resumed} fires finished after a kill`)
  })
})
