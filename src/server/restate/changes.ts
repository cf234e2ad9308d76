// How one serve hears another's changes to Restate's shared lists (the queue,
// the schedules) without polling: a topic's object counts its versions, and
// each time it moves past version n it ends the workflow `<topic>-<n>`. A serve
// waiting on that workflow's promise is answered then (Restate holds the call
// open; an idle serve sends nothing but one long wait every few minutes).
import * as restate from '@restatedev/restate-sdk'
import { CHANGES_WORKFLOW } from './names'

const json = restate.serde.json

export const changesWorkflow = restate.workflow({
  name: CHANGES_WORKFLOW,
  // Only a serve that read version n just before waits on it: an hour is plenty.
  options: { workflowRetention: 60 * 60_000, journalRetention: 60 * 60_000, idempotencyRetention: 60 * 60_000 },
  handlers: {
    run: async (ctx: restate.WorkflowContext): Promise<void> => {
      await ctx.promise<null>('changed').resolve(null)
    },
    /** Resolves once the topic moved past this version (at once if it did already). */
    wait: async (ctx: restate.WorkflowSharedContext): Promise<void> => {
      await ctx.promise<null>('changed').get()
    },
  },
})

/** From a topic object's handler that moved its version past `from`: waiters on `<topic>-<from>` are answered. */
export function announceChange(ctx: restate.ObjectContext, topic: string, from: number): void {
  ctx.genericSend({ service: CHANGES_WORKFLOW, method: 'run', key: `${topic}-${from}`, parameter: null, inputSerde: json })
}

/** How long one wait is held before it is asked again (under undici's 5 min headers timeout). */
const WAIT_MS = 4 * 60_000

/**
 * Calls `changed` each time the topic's version moves, until the returned
 * function is called. `who` names this watcher: a wait asked again after a
 * timeout joins the same invocation (its idempotency key), so none pile up.
 */
export function watchChanges(ingress: string, topic: string, version: () => Promise<number>, changed: () => void, who: string): () => void {
  let stopped = false
  const abort = new AbortController()
  void (async () => {
    let v: number | undefined
    while (!stopped) {
      try {
        if (v === undefined) v = await version()
        const url = `${ingress.replace(/\/$/, '')}/${CHANGES_WORKFLOW}/${topic}-${v}/wait`
        const r = await fetch(url, {
          method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `${who}-${topic}-${v}` }, body: 'null',
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(WAIT_MS)]),
        })
        await r.arrayBuffer()
        if (!r.ok) throw new Error(`${url}: ${r.status}`)
        if (stopped) return
        const now = await version()
        if (now !== v) changed()
        v = now
      } catch (e) {
        if (stopped) return
        // A long wait that timed out is asked again at once; Restate unreachable: again shortly, reading the version afresh.
        if ((e as Error).name === 'TimeoutError') continue
        v = undefined
        await new Promise((r) => setTimeout(r, 2000).unref())
      }
    }
  })()
  return () => {
    stopped = true
    abort.abort()
  }
}
