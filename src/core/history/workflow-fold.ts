// A workflow run's graph, folded from its log: the DAG from the start event,
// each step's attempts and outcome from its ctx.run step events (a step's
// journal position is WORKFLOW_SEQ + its index), skips, and the lines its
// step function logged (prefixed `[step id] `). Part of record.ts's fold.
import type { ErrorInfo, WorkflowStepView, WorkflowView } from '../protocol'
import { WORKFLOW_SEQ, type StartedEvent, type TxEvent } from './events'
import { levels } from '../workflows/graph'

export function startWorkflow(w: NonNullable<StartedEvent['workflow']>): WorkflowView {
  const levelOf = new Map(levels(w.steps).flatMap((ids, level) => ids.map((id) => [id, level] as const)))
  return {
    steps: w.steps.map((s) => ({
      id: s.id, dependsOn: s.dependsOn, level: levelOf.get(s.id) ?? 0, status: 'pending', attempt: 0, maxAttempts: s.maxAttempts, logs: [],
      // A human step's attempts run as transactions `<prefix>-<attempt>`.
      ...(s.action ? { action: s.action } : {}), ...(s.childTx ? { childTx: `${s.childTx}-1` } : {}),
    })),
  }
}

const MAX_STEP_LOGS = 500

/** Applies one event to the graph; true if it was about a step. */
export function foldWorkflow(w: WorkflowView, e: TxEvent): void {
  switch (e.type) {
    case 'step': {
      const s = w.steps[e.seq - WORKFLOW_SEQ]
      if (!s || s.id !== e.name) return
      s.attempt = e.attempt
      if (s.childTx) s.childTx = s.childTx.replace(/-\d+$/, `-${e.attempt}`)
      if (e.phase === 'start') {
        s.status = e.attempt > 1 ? 'retrying' : 'running'
        s.startedAt ??= e.at
        return
      }
      if (e.error) s.error = e.error as ErrorInfo
      if (e.ok) (s.status = 'completed'), (s.result = e.value), delete s.error
      else if (e.final) s.status = 'failed'
      if (e.ok || e.final) s.endedAt = e.at
      return
    }
    case 'stepSkipped': {
      const s = w.steps.find((x) => x.id === e.step)
      if (s) (s.status = e.status), (s.endedAt = e.at), e.reason && (s.reason = e.reason)
      return
    }
    case 'log': {
      const m = /^\[([^\]]{1,100})\] /.exec(e.message)
      const s = m ? w.steps.find((x) => x.id === m[1]) : undefined
      if (s && s.logs.length < MAX_STEP_LOGS) s.logs.push(e.message.slice(m![0].length))
      return
    }
    case 'canceled':
    case 'interrupted':
    case 'error':
    case 'diverged':
      // The run is over: what had not finished never will.
      for (const s of w.steps) if (s.status === 'pending' || s.status === 'running' || s.status === 'retrying') (s.status = 'canceled'), (s.endedAt ??= e.at)
      return
  }
}

export type { WorkflowStepView }
