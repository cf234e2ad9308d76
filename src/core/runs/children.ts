// A workflow's human step: its action runs as transaction `id`, to its end.
// The id is fixed per step and attempt, so after a restart the same
// transaction is followed (it resumes on its own) or its end read from
// History, never started twice. A step queued in an Inbox is started by
// whoever opens it (with that id): this host only waits for it.
import type { TxRecord } from '../history/record'
import { isFinished, STATUS_LABELS, type ErrorInfo } from '../protocol'
import type { QueueRequest } from '../queue/types'

export type ChildOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorInfo }

/** How a step's transaction ended, as far as the step needs it (a record, or on Restate its view). */
export type ChildEnd = Pick<TxRecord, 'status' | 'result' | 'error'>

export interface ChildDeps<T extends { finished: Promise<ChildEnd> }> {
  running(id: string): T | undefined
  read(id: string): ChildEnd
  start(slug: string, params: Record<string, unknown>, id: string): Promise<T> | undefined
  /** How long to wait before looking again for a run another host left to resume, or one queued in an Inbox. */
  pollMs?: number
  /**
   * The step waits in an Inbox (it names an assignee or a team): whoever opens the item starts
   * transaction `id`, not this host. Asked while it has not started: why to stop waiting (the item
   * was withdrawn, the workflow ended), or undefined to wait on.
   */
  queued?(id: string): Promise<string | undefined> | string | undefined
}

export async function followChild<T extends { finished: Promise<ChildEnd> }>({ id, slug, params }: { id: string; slug: string; params: Record<string, unknown> }, deps: ChildDeps<T>): Promise<ChildOutcome> {
  const ended = (r: ChildEnd): ChildOutcome =>
    r.status === 'completed' ? { ok: true, value: r.result } : { ok: false, error: r.error ?? { name: 'StepActionEnded', message: `Its action ended ${STATUS_LABELS[r.status].toLowerCase()}.` } }
  for (;;) {
    const running = deps.running(id)
    if (running) return ended(await running.finished)
    let known: ChildEnd | undefined
    try {
      known = deps.read(id)
    } catch {
      // not started yet
    }
    if (known && isFinished(known.status)) return ended(known)
    if (!known && deps.queued) {
      const stop = await deps.queued(id)
      if (stop) return { ok: false, error: { name: 'StepActionEnded', message: stop } }
    } else if (!known) {
      const started = deps.start(slug, params, id)
      if (!started) return { ok: false, error: { name: 'UnknownAction', message: `No action "${slug}" here.` } }
      return ended(await (await started).finished)
    }
    // Left unfinished by a host that went away (it resumes on its own), or queued: wait for it.
    await new Promise((r) => setTimeout(r, deps.pollMs ?? 1000))
  }
}

/** The Inbox item of a workflow's human step for an assignee or a team: its run is the step's transaction, on both engines. */
export function stepQueueRequest(req: { id: string; slug: string; params: Record<string, unknown>; step?: string; assignee?: string; team?: string }, workflow: { id: string; name: string }): QueueRequest {
  return {
    id: req.id, runId: req.id, slug: req.slug, params: req.params, title: `${workflow.name}: ${req.step ?? 'a step'}`,
    ...(req.assignee ? { assignee: req.assignee } : { team: req.team! }),
    source: { kind: 'workflow', tx: workflow.id, step: req.step ?? '' },
  }
}
