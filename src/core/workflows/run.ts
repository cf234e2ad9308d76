// A workflow run, inside its transaction's worker: asks for the input, then
// runs the steps (scheduler.ts), each one a durable step at its fixed journal
// position, so a resumed run skips what completed and runs again, with the same
// idempotency key, what was cut off. A step runs its step function (a named
// export of `actions`), its action as a transaction of its own (a human step,
// through the host), or the simulated task.
import { WORKFLOW_SEQ } from '../history/events'
import { IOError } from '../runtime/errors'
import type { IO } from '../runtime/io'
import type { Workflow, WorkflowStep } from './format'
import { askInput } from './input'
import { idempotencyKey, runSteps, simulatedTask, type StepEvent } from './scheduler'

export interface WorkflowData {
  definition: Workflow
  /** Human steps: step id → the prefix of the ids of the transactions its attempts run as (`<prefix>-<attempt>`). */
  children: Record<string, string>
  concurrency: number
}

/** What a step function receives. */
export interface StepArgs {
  step: string
  attempt: number
  /** The workflow's input. */
  input: Record<string, unknown>
  /** The results of the steps it depends on, by step id. */
  results: Record<string, unknown>
  /** The same across this step's retries and the run's resumes: hand it to services that deduplicate. */
  idempotencyKey: string
  log: (...values: unknown[]) => void
  /** Aborted when the run is canceled. */
  signal: AbortSignal
}

export interface WorkflowHost {
  runId: string
  params: Record<string, unknown>
  log(...values: unknown[]): void
  runAt<T>(seq: number, name: string, fn: (attempt: number) => T | Promise<T>, opts?: { retry?: { maxAttempts?: number; initialDelayMs?: number; factor?: number } }): Promise<T>
  /** Runs an action as a transaction of its own (id given), to its result. */
  child(id: string, slug: string, params: Record<string, unknown>): Promise<unknown>
  /** A step will not run. */
  skipped(e: StepEvent): void
  signal: AbortSignal
}

/**
 * The human step a child transaction belongs to (`<prefix>-<attempt>`), read by the
 * host from the definition it prepared, not from what the worker sends: who the
 * step is for (its assignee or team) decides whose Inbox it waits in.
 */
export function humanStepOf(data: WorkflowData, childId: string): WorkflowStep | undefined {
  for (const [step, prefix] of Object.entries(data.children)) {
    if (childId.startsWith(`${prefix}-`) && /^[1-9][0-9]*$/.test(childId.slice(prefix.length + 1))) return data.definition.steps.find((s) => s.id === step)
  }
  return undefined
}

function coversRequired(schema: Record<string, unknown>, params: Record<string, unknown>): boolean {
  const required = Array.isArray(schema.required) ? schema.required : []
  return Object.keys(params).length > 0 && required.every((k) => typeof k === 'string' && params[k] !== undefined && params[k] !== null)
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('canceled'))
    // A zero-duration step does not wait for a timer tick (about a millisecond each).
    if (ms <= 0) return resolve()
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(t), reject(new Error('canceled'))), { once: true })
  })

export async function runWorkflow(data: WorkflowData, stepFunctions: Record<string, unknown>, io: IO, host: WorkflowHost): Promise<Record<string, unknown>> {
  const { definition } = data
  // Started with params that cover what the input requires (a Re-run, a test, a link): no form.
  const input = definition.input && !coversRequired(definition.input, host.params) ? await askInput(definition.input, io) : host.params
  const index = new Map(definition.steps.map((s, i) => [s.id, i]))
  // As in the engine the format comes from: each attempt runs the simulated task (its duration, its chance to
  // fail), and on success what `action` names.
  const attempt = async (s: WorkflowStep, results: Record<string, unknown>, signal: AbortSignal, n: number): Promise<unknown> => {
    const simulated = await simulatedTask(s, Math.random, sleep, signal)
    if (!s.action) return simulated
    const child = data.children[s.id]
    if (child) return host.child(`${child}-${n}`, s.action, { input, results, workflow: definition.name, step: s.id })
    const fn = stepFunctions[s.action]
    if (typeof fn !== 'function') throw new Error(`Step "${s.id}": "${s.action}" is neither a function exported by ${definition.actions ?? 'the workflow\'s actions module'} nor an action.`)
    const args: StepArgs = {
      step: s.id, attempt: n, input, results, signal,
      idempotencyKey: idempotencyKey(host.runId, s.id),
      // `[step] ` marks the line as this step's: its node shows it (history/workflow-fold.ts).
      log: (...values) => host.log(`[${s.id}]`, ...values),
    }
    return fn(args)
  }
  const outcome = await runSteps(definition.steps, {
    concurrency: data.concurrency,
    signal: host.signal,
    runStep: (s, { inputs, signal }) =>
      host.runAt(WORKFLOW_SEQ + index.get(s.id)!, s.id, (n) => attempt(s, inputs, signal, n), {
        retry: { maxAttempts: s.maxRetries + 1, initialDelayMs: 500, factor: 2 },
      }),
    onStep: (e) => (e.status === 'skipped' || e.status === 'canceled' ? host.skipped(e) : undefined),
  })
  if (outcome.status === 'canceled') throw new IOError('CANCELED', 'The workflow was canceled.')
  if (outcome.status === 'failed') {
    const e = outcome.failed!.error
    throw new Error(`Step "${outcome.failed!.step}" failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
  return outcome.results
}
