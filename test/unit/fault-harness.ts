// What the SIGKILL fault tests share (durable-faults.test.ts for actions,
// workflow-faults.test.ts for workflow runs): bundling the child a test kills,
// spawning it with a kill armed at a random moment, reading the log it leaves,
// cutting the log into one stretch per window, and the checks on ctx.run steps
// that hold whatever the transaction is.
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { buildSync } from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers'

export type Ev = { type: string; seq?: number; [k: string]: unknown }

/** The events of a log (JSON lines), [] if there is none yet. */
export function readLog(file: string): Ev[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev)
}

/** Bundles a child entry (a path under the project) into `outfile`, to run with node. */
export function bundleChild(entry: string, outfile: string): string {
  buildSync({
    entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error',
    // As scripts/build.mjs: jsonc-parser's `main` is a UMD build whose require('./impl/…') calls esbuild cannot follow.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  })
  return outfile
}

/**
 * When to kill a child: `afterMs` after its output first matched `when` (its
 * `count`th match, if given). `from` says what that moment is, for messages.
 */
export interface Kill {
  when: RegExp
  count?: number
  afterMs: number
  from: string
}

/** A child as the test saw it. */
export interface Child {
  /** Which child of its transaction (0: the one that started it). */
  n: number
  /** The kill number over the whole test, if it was killed. */
  kill?: number
  afterMs?: number
  from?: string
  lease?: string
  out: string
}

export const describeChild = (c: Child | undefined): string =>
  !c ? 'an unknown window' : c.kill !== undefined ? `child ${c.n} (kill #${c.kill}, ${c.afterMs} ms after ${c.from})` : `child ${c.n} (not killed)`

/**
 * Runs `node childJs ...args`; with `kill`, sends it SIGKILL at that moment
 * (if it is still running). Resolves with its output and whether it was
 * killed; rejects if it exits with an error or hangs for `hangMs`.
 */
export function spawnChild(childJs: string, args: string[], kill: Kill | undefined, hangMs = 30_000): Promise<{ out: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [childJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let timer: NodeJS.Timeout | undefined
    const hang = setTimeout(() => (p.kill('SIGKILL'), reject(new Error(`child hung for ${hangMs / 1000} s: ${out} ${err}`))), hangMs)
    const pattern = kill && new RegExp(kill.when.source, kill.when.flags.includes('g') ? kill.when.flags : kill.when.flags + 'g')
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (kill && pattern && !timer && (out.match(pattern)?.length ?? 0) >= (kill.count ?? 1)) timer = setTimeout(() => p.kill('SIGKILL'), kill.afterMs)
    })
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('error', reject)
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      clearTimeout(hang)
      if (signal === 'SIGKILL') resolve({ out, killed: true })
      else if (code === 0) resolve({ out, killed: false })
      else reject(new Error(`child exited ${code ?? signal}: ${err.trim()}\n${out}`))
    })
  })
}

/** The log's stretches, one per window that wrote: its started or resumed event names the window (its host lease). */
export function stretches(log: Ev[]): { owners: string[]; segOf: number[] } {
  const owners: string[] = []
  const segOf: number[] = []
  for (const e of log) {
    if (e.type === 'started' || e.type === 'resumed') owners.push(e.hostId as string)
    segOf.push(owners.length - 1)
  }
  return { owners, segOf }
}

/**
 * The journal's steps under crashes: `name` ended once, ok, and never started
 * after that; each run of it (`runs`: the lease of the window it ran in, one
 * per run, as the step signed it) follows a journaled start in that window,
 * and none comes from a window after the one that journaled its end.
 * Returns how many times it ran beyond the first.
 */
export function checkStep(at: string, name: string, log: Ev[], runs: string[], children: Child[]): number {
  const { owners, segOf } = stretches(log)
  const byLease = new Map(children.filter((c) => c.lease).map((c) => [c.lease!, c]))
  const who = (seg: number): string => describeChild(byLease.get(owners[seg]!))
  const evs = log.map((e, i) => ({ e, i })).filter(({ e }) => e.type === 'step' && e.name === name)
  const oks = evs.filter(({ e }) => e.phase === 'end' && e.ok === true)
  assert.equal(oks.length, 1, `${at}: ${name} ended ok once`)
  assert.equal(evs.filter(({ e }) => e.phase === 'end').length, 1, `${at}: ${name} has no failed end`)
  const okAt = oks[0]!.i
  const starts = evs.filter(({ e }) => e.phase === 'start')
  for (const { i } of starts) assert.ok(i < okAt, `${at}: ${name} started again after its end, by ${who(segOf[i]!)}`)
  assert.ok(runs.length >= 1, `${at}: ${name} never ran`)
  assert.ok(runs.length <= starts.length, `${at}: ${name} ran ${runs.length} times for ${starts.length} journaled starts`)
  const perSeg = new Map<number, number>()
  for (const lease of runs) {
    const seg = owners.indexOf(lease)
    const c = describeChild(byLease.get(lease))
    assert.ok(seg >= 0, `${at}: ${name} ran in ${c}, which never wrote to the log`)
    assert.ok(seg <= segOf[okAt]!, `${at}: ${name} ran again in ${c} after ${who(segOf[okAt]!)} journaled its end`)
    perSeg.set(seg, (perSeg.get(seg) ?? 0) + 1)
    const startsHere = starts.filter(({ i }) => segOf[i] === seg).length
    assert.ok(perSeg.get(seg)! <= startsHere, `${at}: ${name} ran ${perSeg.get(seg)} times in ${c} for ${startsHere} journaled starts there`)
  }
  return runs.length - 1
}

/** Counts of where kills landed, for the summary line. */
export class Landings {
  private readonly counts = new Map<string, number>()
  add(where: string): void {
    this.counts.set(where, (this.counts.get(where) ?? 0) + 1)
  }
  toString(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')
  }
}
