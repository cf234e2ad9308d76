// A workflow's human step on the Restate engine: its action runs as
// transaction `id`, a Restate workflow of its own started through the
// ingress (once: a workflow key runs one time, so a replay that starts it
// again follows the same run), and is followed to its end by attaching to it.
// The step's end is journaled with the parent's events like any step's
// (core/workflows/run.ts), so a replay past it does not ask again.
// A step for an assignee or a team waits in their Inbox (Restate's queue,
// queue.ts) instead: whoever opens the item starts the step's transaction
// (with its id), and the workflow follows it from then.
import { followChild, stepQueueRequest, type ChildEnd, type ChildOutcome } from '../../core/runs/children'
import type { User } from '../../core/protocol'
import type { QueuedAction, QueueRequest } from '../../core/queue/types'
import type { ChildRequest } from '../../core/runtime/transaction'
import { RestateError, RestateTx } from './client'

export interface ChildHost {
  /** Restate's ingress, where the step's transaction starts and is followed. */
  ingress?: string
  /** Throws if the folder has no such action (a step naming one that is gone). */
  known(slug: string): Promise<void>
  /** Queues an assigned step (idempotent by id; throws a line a person can act on when it cannot be); absent: no Inbox here. */
  queue?(req: QueueRequest): Promise<void>
  /** The step's Inbox item now. */
  item?(id: string): Promise<QueuedAction | undefined>
  /** Resolves at the queue's next change (another serve's too), or after a while. */
  changed?(): Promise<void>
}

/** The workflow a step belongs to: its transaction and its name (an Inbox item's title). */
export interface ParentRun {
  id: string
  name: string
}

/** How long one attach waits before asking again (a person may take days). */
const ATTACH_MS = 5 * 60_000

export function runChildOnRestate(host: ChildHost, user: User, parent: ParentRun) {
  return (req: ChildRequest): Promise<ChildOutcome> =>
    followChild(req, {
      // Never followed in memory: a child waiting for its person is suspended and its session released here.
      running: () => undefined,
      read: () => {
        throw new Error('followed through the ingress')
      },
      start: (slug, params, id) => (!host.ingress ? undefined : req.assignee || req.team ? queued(host.ingress, host, user, req, parent) : start(host.ingress, host, user, slug, params, id)),
    })
}

/** An assigned step: queued (again after a replay: the same id, added once), then followed once someone opened it. */
async function queued(ingress: string, host: ChildHost, user: User, req: ChildRequest, parent: ParentRun): Promise<{ finished: Promise<ChildEnd> }> {
  if (!host.queue || !host.item) throw new Error('This step is for a person or a team, but this server keeps no Inbox.')
  await host.known(req.slug)
  await host.queue(stepQueueRequest(req, parent))
  const item = host.item
  const finished = (async (): Promise<ChildEnd> => {
    for (;;) {
      const next = host.changed?.() ?? new Promise<void>((r) => setTimeout(r, 5000).unref())
      const it = await item(req.id)
      if (it?.state === 'withdrawn') return { status: 'canceled', error: { name: 'StepActionEnded', message: 'Its Inbox item was withdrawn.' } }
      // Opened: the route starts its transaction right after marking it started.
      if (it && it.state !== 'waiting') return follow(new RestateTx(ingress, req.id), true)
      await next
    }
  })()
  return { finished }
}

async function start(ingress: string, host: ChildHost, user: User, slug: string, params: Record<string, unknown>, id: string) {
  await host.known(slug)
  const t = new RestateTx(ingress, id)
  await t.start(slug, params, user)
  return { finished: follow(t) }
}

/** `starting`: its start may be on its way (an Inbox item just opened): not found yet is asked again for a minute. */
async function follow(t: RestateTx, starting = false) {
  const until = Date.now() + 60_000
  for (;;) {
    try {
      return await t.attach(ATTACH_MS)
    } catch (e) {
      if (starting && e instanceof RestateError && e.status === 404 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500))
        continue
      }
      // A long wait ends and is asked again; Restate unreachable: again shortly. A refusal (4xx) is final.
      if (e instanceof RestateError && e.status !== undefined && e.status < 500) throw e
      if (!(e instanceof RestateError && /timeout|aborted/i.test(e.message))) await new Promise((r) => setTimeout(r, 1000))
    }
  }
}
