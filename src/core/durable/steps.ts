// ctx.run, ctx.now and ctx.random: the worker's durable calls. A step's start
// is journaled (and acknowledged by the host) before its code runs, and its
// end before the action continues, so a step whose end is in the journal never
// runs again: replay returns its journaled JSON result (or throws its error).
// A crash inside a step runs it again on resume: steps are at-least-once.
import type { ErrorInfo } from '../protocol'
import { errorInfo, toJsonSafe } from '../runtime/serialize'
import type { WorkerToHost } from '../runtime/workerMessages'
import { describeEntry as describe, type JournalEntry } from './journal'
import { never, type Replay } from './replay'

/** Thrown by a step to fail at once: it is not retried. */
export class TerminalError extends Error {
  override name = 'TerminalError'
}

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 1 (no retry). */
  maxAttempts?: number
  /** Wait before the second attempt. Default 100 ms. */
  initialDelayMs?: number
  /** Each later wait is the previous times this. Default 2. */
  factor?: number
  /** No wait is longer than this. Default 60 s. */
  maxDelayMs?: number
}

export interface RunOptions {
  retry?: RetryPolicy
}

type StepMessage = Extract<WorkerToHost, { type: 'step' }>

export interface DurableSink {
  /** Posts a message and resolves once the host has journaled it. */
  journal(m: StepMessage): Promise<void>
  /** Posts a message the host journals in order with the rest (nothing waits on it). */
  record(m: Extract<WorkerToHost, { type: 'recorded' }>): void
}

/** The step's error as it was journaled, thrown again on replay. */
function rebuilt(info: ErrorInfo): Error {
  const e = info.name === 'TerminalError' ? new TerminalError(info.message) : new Error(info.message)
  if (info.name !== 'TerminalError') e.name = info.name
  if (info.stack) e.stack = info.stack
  return e
}

function policy(opts: RunOptions | undefined): Required<RetryPolicy> {
  const r = opts?.retry ?? {}
  const n = (v: unknown, d: number, min: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d)
  return { maxAttempts: Math.floor(n(r.maxAttempts, 1, 1)), initialDelayMs: n(r.initialDelayMs, 100, 0), factor: n(r.factor, 2, 1), maxDelayMs: n(r.maxDelayMs, 60_000, 0) }
}

/**
 * `clock`: where fresh ctx.now/ctx.random values come from when the engine has its own (Restate: journaled by it,
 * so the worker posts no `recorded` value); absent, they are Date.now/Math.random, journaled with the rest.
 */
export function durableCalls(replay: Replay, sink: DurableSink, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)), clock?: (op: 'now' | 'random', seq: number) => number) {
  async function run<T>(name: string, fn: () => T | Promise<T>, opts?: RunOptions): Promise<T> {
    if (typeof name !== 'string' || !name) throw new TypeError('ctx.run: the first argument is the step\'s name (a non-empty string)')
    if (typeof fn !== 'function') throw new TypeError('ctx.run: the second argument is the step\'s function')
    if (replay.isStopped) return never()
    const { seq, entry } = replay.next()
    return step(seq, entry, name, fn, opts)
  }

  /** A step at a fixed journal position (a workflow's, which run in parallel): `fn` is told its attempt. */
  function runAt<T>(seq: number, name: string, fn: (attempt: number) => T | Promise<T>, opts?: RunOptions): Promise<T> {
    if (replay.isStopped) return never()
    return step(seq, replay.at(seq), name, fn, opts, true)
  }

  async function step<T>(seq: number, entry: JournalEntry | undefined, name: string, fn: (attempt: number) => T | Promise<T>, opts?: RunOptions, sameAttempt = false): Promise<T> {
    let attempt = 1
    if (entry) {
      if (entry.kind !== 'step' || entry.name !== name) {
        replay.stop(seq, describe(entry), `ctx.run(${JSON.stringify(name)})`)
        return never()
      }
      if (entry.outcome?.ok) return entry.outcome.value as T
      if (entry.outcome) throw rebuilt(entry.outcome.error)
      // It started and never ended: the window went away inside it. It runs again, counting on; but a workflow
      // step (runAt) cut off inside an attempt runs that attempt again: a crash is not a failed attempt, so it
      // takes none of the step's retries (its node never reads "retrying 2/1"), and a human step's attempt
      // follows the transaction it started (`<prefix>-<attempt>`, run.ts) rather than start another.
      attempt = sameAttempt && entry.cut ? entry.attempts : entry.attempts + 1
    }
    const p = policy(opts)
    let delay = p.initialDelayMs
    for (;;) {
      await sink.journal({ type: 'step', seq, name, phase: 'start', attempt })
      try {
        const value = toJsonSafe(await fn(attempt))
        await sink.journal({ type: 'step', seq, name, phase: 'end', attempt, ok: true, value, final: true })
        // The journaled JSON, as replay returns it: a step's result is the same on every run.
        return value as T
      } catch (e) {
        const final = e instanceof TerminalError || attempt >= p.maxAttempts
        await sink.journal({ type: 'step', seq, name, phase: 'end', attempt, ok: false, error: errorInfo(e), final })
        if (final) throw e
      }
      await sleep(Math.min(delay, p.maxDelayMs))
      delay *= p.factor
      attempt++
    }
  }

  /** A journaled value: the one recorded at this position, or a fresh one recorded now. */
  function recorded(op: 'now' | 'random', fresh: () => number): number {
    const { seq, entry } = replay.next()
    if (entry) {
      if (entry.kind === 'recorded' && entry.op === op) return entry.value
      replay.stop(seq, describe(entry), `ctx.${op}()`)
      // The run is stopping; what it gets here no longer matters.
      return fresh()
    }
    if (clock) return clock(op, seq)
    const value = fresh()
    sink.record({ type: 'recorded', seq, op, value })
    return value
  }

  return {
    run,
    runAt,
    /** Date.now(), journaled: replay returns the same time. */
    now: (): number => recorded('now', Date.now),
    /** Math.random(), journaled: replay returns the same number. */
    random: (): number => recorded('random', Math.random),
  }
}
