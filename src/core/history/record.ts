// Folds a transaction's events into one record. The live panel, the History
// view and recovery all read transactions through this one reducer.
import type { Component, Divergence, DurableStep, ErrorInfo, HistoryEntry, LoadingState, Prompt, TxStatus, TxTrigger, TxView, User, WorkflowView } from '../protocol'
import { isFinished } from '../protocol'
import type { StartedEvent, TxEvent, Unattended } from './events'
import { foldWorkflow, startWorkflow } from './workflow-fold'

export interface TxRecord {
  id: string
  action: StartedEvent['action']
  user: User
  params: Record<string, unknown>
  codeHash: string
  startedAt: string
  endedAt?: string
  status: TxStatus
  steps: HistoryEntry['steps']
  feed: Component[]
  /** `seq:index` of each feed entry, so an update finds its component. */
  feedKeys: string[]
  prompt?: Prompt
  loading?: LoadingState
  /** The first LOG_HEAD log lines, then (once more were logged) the newest ones: see logsOmitted. */
  logs: string[]
  /** Log lines dropped from the middle of `logs` to bound memory, for a run that logs without end. */
  logsOmitted: number
  result?: unknown
  error?: ErrorInfo
  end?: NonNullable<TxView['end']>
  /** Each ctx.loading state with its time: History's progress milestones. */
  progress: NonNullable<HistoryEntry['progress']>
  problems: string[]
  /** ctx.run steps in order; `step` is the one running now. */
  durableSteps: DurableStep[]
  step?: { name: string; attempt: number }
  resumed: number
  divergence?: Divergence
  /** A workflow run's graph (workflow-fold.ts). */
  workflow?: WorkflowView
  /** Started by a schedule or from an Inbox item. */
  trigger?: TxTrigger
  /** Nobody is at it (a schedule's run): what it does at a prompt. */
  unattended?: Unattended
}

/** A record keeps the first LOG_HEAD and the last LOG_TAIL log lines. */
export const LOG_HEAD = 1000
export const LOG_TAIL = 4000

function pushLog(r: TxRecord, line: string): void {
  r.logs.push(line)
  // Dropping LOG_TAIL at a time keeps pushes O(1) amortised; views trim to exactly LOG_TAIL.
  if (r.logs.length >= LOG_HEAD + 2 * LOG_TAIL) {
    r.logs.splice(LOG_HEAD, LOG_TAIL)
    r.logsOmitted += LOG_TAIL
  }
}

/** The logs to show: head, a line saying how many were left out, tail. */
export function shownLogs(r: TxRecord): { logs: string[]; omitted: number } {
  const extra = r.logs.length - (LOG_HEAD + LOG_TAIL)
  const omitted = r.logsOmitted + Math.max(0, extra)
  if (!omitted) return { logs: r.logs, omitted }
  const tail = r.logs.slice(Math.max(LOG_HEAD, r.logs.length - LOG_TAIL))
  return { logs: [...r.logs.slice(0, LOG_HEAD), `… ${omitted.toLocaleString('en-US')} log lines not kept in view …`, ...tail], omitted }
}

export function startRecord(e: StartedEvent): TxRecord {
  return {
    id: e.tx, action: e.action, user: e.user, params: e.params, codeHash: e.codeHash,
    startedAt: e.at, status: 'running', steps: [], feed: [], feedKeys: [], logs: [], logsOmitted: 0, progress: [], problems: [],
    durableSteps: [], resumed: 0,
    ...(e.workflow ? { workflow: startWorkflow(e.workflow) } : {}),
    ...(e.trigger ? { trigger: e.trigger } : {}),
    ...(e.unattended ? { unattended: e.unattended } : {}),
  }
}

/** Applies one event; mutates and returns the record. Events after the end are ignored. */
export function applyEvent(r: TxRecord, e: TxEvent): TxRecord {
  if (isFinished(r.status)) return r
  if (r.workflow) foldWorkflow(r.workflow, e)
  switch (e.type) {
    case 'started':
      break
    case 'render':
      r.prompt = { seq: e.seq, components: e.components, ...(e.choices ? { choices: e.choices } : {}) }
      r.status = 'awaiting'
      r.loading = undefined // as in Interval: the next prompt ends the loader
      break
    case 'display':
      r.feed.push(...e.components)
      r.feedKeys.push(...e.components.map((_, i) => `${e.seq}:${i}`))
      r.steps.push({ seq: e.seq, components: e.components })
      break
    case 'update': {
      const at = r.feedKeys.indexOf(`${e.seq}:${e.index}`)
      if (at >= 0) r.feed = r.feed.map((c, i) => (i === at ? e.component : c))
      if (r.prompt?.seq === e.seq) r.prompt = { ...r.prompt, components: r.prompt.components.map((c, i) => (i === e.index ? e.component : c)) }
      for (const step of r.steps) if (step.seq === e.seq) step.components = step.components.map((c, i) => (i === e.index ? e.component : c))
      break
    }
    case 'invalid':
      if (r.prompt?.seq === e.seq) {
        const { seq, components, choices } = r.prompt
        r.prompt = { seq, components, ...(choices ? { choices } : {}), values: e.values, errors: e.errors, ...(e.formError ? { formError: e.formError } : {}) }
      }
      break
    case 'answer':
      if (r.prompt?.seq === e.seq) {
        r.steps.push({
          seq: e.seq, components: r.prompt.components, values: e.values,
          ...(e.choice ? { choice: e.choice } : {}), ...(e.chosenRows ? { chosenRows: e.chosenRows } : {}),
          ...(e.by ? { by: e.by, at: e.at } : {}),
        })
      }
      r.prompt = undefined
      r.status = 'running'
      break
    case 'log':
      pushLog(r, e.message)
      break
    case 'loading':
      r.loading = e.state ?? undefined
      if (e.state) r.progress.push({ ...e.state, at: e.at })
      break
    case 'result':
      r.result = e.value
      return end(r, e.at, 'completed')
    case 'error':
      r.error = e.error
      return end(r, e.at, 'failed')
    case 'canceled':
      if (e.by) r.end = { canceledBy: e.by }
      return end(r, e.at, 'canceled')
    case 'redirected':
      r.end = { redirect: e.target }
      return end(r, e.at, 'redirected')
    case 'interrupted':
      pushLog(r, `Interrupted: ${e.reason}`)
      return end(r, e.at, 'interrupted')
    case 'step':
      foldStep(r, e)
      break
    case 'recorded':
    case 'stepSkipped':
      break
    case 'resumed':
      r.resumed++
      r.codeHash = e.codeHash
      break
    case 'diverged':
      r.divergence = e.divergence
      return end(r, e.at, 'diverged')
  }
  return r
}

function foldStep(r: TxRecord, e: Extract<TxEvent, { type: 'step' }>): void {
  let s = r.durableSteps.find((d) => d.seq === e.seq)
  if (!s) r.durableSteps.push((s = { seq: e.seq, name: e.name, status: 'running', attempts: e.attempt, startedAt: e.at }))
  s.attempts = Math.max(s.attempts, e.attempt)
  if (e.phase === 'start') {
    s.status = 'running'
    r.step = { name: e.name, attempt: e.attempt }
    return
  }
  r.step = undefined
  if (e.error) s.error = e.error
  if (e.ok || e.final) {
    s.status = e.ok ? 'succeeded' : 'failed'
    s.durationMs = Math.max(0, new Date(e.at).getTime() - new Date(s.startedAt).getTime())
    if (e.ok) delete s.error
  }
}

function end(r: TxRecord, at: string, status: TxStatus): TxRecord {
  r.status = status
  r.step = undefined
  r.endedAt = at
  r.prompt = undefined
  r.loading = undefined
  return r
}

export function toTxView(r: TxRecord): TxView {
  return {
    id: r.id,
    action: { slug: r.action.slug, name: r.action.name, description: r.action.description, ...(r.action.page ? { page: true } : {}) },
    status: r.status, startedAt: r.startedAt, endedAt: r.endedAt,
    feed: r.feed, prompt: r.prompt, loading: r.loading, logs: shownLogs(r).logs,
    result: r.result, error: r.error, end: r.end,
    ...(r.step && r.status === 'running' ? { step: r.step } : {}),
    ...(r.resumed ? { resumed: r.resumed } : {}),
    ...(r.divergence ? { divergence: r.divergence } : {}),
    ...(r.workflow ? { workflow: r.workflow } : {}),
  }
}

export function toHistoryEntry(r: TxRecord): HistoryEntry {
  const { logs, omitted } = shownLogs(r)
  return {
    id: r.id,
    action: { slug: r.action.slug, name: r.action.name, file: r.action.file },
    status: r.status, user: r.user, params: r.params, startedAt: r.startedAt, endedAt: r.endedAt,
    steps: r.steps, logs, logsOmitted: omitted || undefined, progress: r.progress.length ? r.progress : undefined,
    result: r.result, error: r.error, end: r.end,
    problems: r.problems.length ? r.problems : undefined,
    ...(r.durableSteps.length ? { durableSteps: r.durableSteps } : {}),
    ...(r.resumed ? { resumed: r.resumed } : {}),
    ...(r.divergence ? { divergence: r.divergence } : {}),
    ...(r.workflow ? { workflow: r.workflow } : {}),
    ...(r.trigger ? { trigger: r.trigger } : {}),
  }
}
