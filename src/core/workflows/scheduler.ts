// Runs a workflow's steps in dependency order: a step starts once every step
// it depends on completed, up to `concurrency` at a time; a step that fails
// for good fails the run and every step depending on it is skipped; cancel
// stops new steps and tells running ones (their AbortSignal). Running one
// step (its attempts, retries and journal) is the caller's `runStep`: in a
// durable run, a ctx.run keyed by the step's id.
import { dependents } from './graph'
import type { WorkflowStep } from './format'

export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'canceled'

export interface StepEvent {
  step: string
  status: StepStatus
  /** A failed step's error message; a skipped step names the failed dependency. */
  reason?: string
}

export interface RunStepContext {
  /** The results of the steps it depends on, by id. */
  inputs: Record<string, unknown>
  signal: AbortSignal
}

export interface SchedulerOptions {
  concurrency: number
  runStep(step: WorkflowStep, ctx: RunStepContext): Promise<unknown>
  /** Told of each step's change of status, in order. */
  onStep?(e: StepEvent): void
  signal?: AbortSignal
}

export interface WorkflowOutcome {
  status: 'completed' | 'failed' | 'canceled'
  results: Record<string, unknown>
  /** The step that failed the run, and its error. */
  failed?: { step: string; error: unknown }
}

export async function runSteps(steps: WorkflowStep[], opts: SchedulerOptions): Promise<WorkflowOutcome> {
  const status = new Map<string, StepStatus>(steps.map((s) => [s.id, 'pending']))
  const results: Record<string, unknown> = {}
  const running = new Map<string, Promise<void>>()
  const stop = new AbortController()
  const cancel = (): void => stop.abort()
  opts.signal?.addEventListener('abort', cancel, { once: true })
  let failed: WorkflowOutcome['failed']
  const set = (step: string, s: StepStatus, reason?: string): void => {
    status.set(step, s)
    opts.onStep?.({ step, status: s, ...(reason ? { reason } : {}) })
  }
  const ready = (s: WorkflowStep): boolean => status.get(s.id) === 'pending' && s.dependsOn.every((d) => status.get(d) === 'completed')
  const limit = Math.max(1, Math.floor(opts.concurrency))

  try {
    for (;;) {
      if (!stop.signal.aborted && !failed) {
        // File order among the ready steps: the same run starts its steps in the same order.
        for (const s of steps) {
          if (running.size >= limit) break
          if (!ready(s)) continue
          set(s.id, 'running')
          const inputs = Object.fromEntries(s.dependsOn.map((d) => [d, results[d]]))
          const run = opts.runStep(s, { inputs, signal: stop.signal }).then(
            (value) => {
              results[s.id] = value
              set(s.id, 'completed')
            },
            (error: unknown) => {
              if (stop.signal.aborted && !failed) return set(s.id, 'canceled')
              failed ??= { step: s.id, error }
              set(s.id, 'failed', error instanceof Error ? error.message : String(error))
              for (const d of dependents(steps, s.id)) if (status.get(d) === 'pending') set(d, 'skipped', `"${s.id}" failed`)
            },
          ).finally(() => running.delete(s.id))
          running.set(s.id, run)
        }
      }
      if (!running.size) break
      await Promise.race(running.values())
    }
  } finally {
    opts.signal?.removeEventListener('abort', cancel)
  }
  if (stop.signal.aborted && !failed) {
    for (const s of steps) if (status.get(s.id) === 'pending') set(s.id, 'canceled')
    return { status: 'canceled', results }
  }
  if (failed) return { status: 'failed', results, failed }
  return { status: 'completed', results }
}

/** The simulated task of a step without a step function: waits its duration, then fails with its probability. */
export async function simulatedTask(step: WorkflowStep, random: () => number, sleep: (ms: number, signal: AbortSignal) => Promise<void>, signal: AbortSignal): Promise<unknown> {
  await sleep(step.durationSeconds * 1000, signal)
  if (random() < step.failProbability) throw new Error(`Step "${step.id}" failed (simulated, fail_probability ${step.failProbability}).`)
  return { step: step.id, ...(step.action ? { action: step.action } : {}), ok: true }
}

/** A key a step function can hand to the services it calls: the same across its retries and the run's resumes. */
export const idempotencyKey = (runId: string, stepId: string): string => `${runId}:${stepId}`
