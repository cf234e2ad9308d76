// A workflow's human step on the Restate engine: its action runs as
// transaction `id`, a Restate workflow of its own started through the
// ingress (once: a workflow key runs one time, so a replay that starts it
// again follows the same run), and is followed to its end by attaching to it.
// The step's end is journaled with the parent's events like any step's
// (core/workflows/run.ts), so a replay past it does not ask again.
import { followChild, type ChildOutcome } from '../../core/runs/children'
import type { User } from '../../core/protocol'
import { RestateError, RestateTx } from './client'

export interface ChildHost {
  /** Restate's ingress, where the step's transaction starts and is followed. */
  ingress?: string
  /** Throws if the folder has no such action (a step naming one that is gone). */
  known(slug: string): Promise<void>
}

/** How long one attach waits before asking again (a person may take days). */
const ATTACH_MS = 5 * 60_000

export function runChildOnRestate(host: ChildHost, user: User) {
  return (req: { id: string; slug: string; params: Record<string, unknown> }): Promise<ChildOutcome> =>
    followChild(req, {
      // Never followed in memory: a child waiting for its person is suspended and its session released here.
      running: () => undefined,
      read: () => {
        throw new Error('followed through the ingress')
      },
      start: (slug, params, id) => (host.ingress ? start(host.ingress, host, user, slug, params, id) : undefined),
    })
}

async function start(ingress: string, host: ChildHost, user: User, slug: string, params: Record<string, unknown>, id: string) {
  await host.known(slug)
  const t = new RestateTx(ingress, id)
  await t.start(slug, params, user)
  return { finished: follow(t) }
}

async function follow(t: RestateTx) {
  for (;;) {
    try {
      return await t.attach(ATTACH_MS)
    } catch (e) {
      // A long wait ends and is asked again; Restate unreachable: again shortly. A refusal (4xx) is final.
      if (e instanceof RestateError && e.status !== undefined && e.status < 500) throw e
      if (!(e instanceof RestateError && /timeout|aborted/i.test(e.message))) await new Promise((r) => setTimeout(r, 1000))
    }
  }
}
