// A singleton action's one-instance lock on Restate: a virtual object keyed
// by the lock's name (the action's slug, or slug and key as
// core/runs/singleton.ts names it). Its handlers are exclusive, so Restate runs
// one at a time per key: taking the lock is an atomic check-and-set with no
// file or lease. The transaction releases it when it ends (workflow.ts); a
// holder that ended without releasing (its server was gone) no longer holds it.
import * as restate from '@restatedev/restate-sdk'
import { isFinished, type TxView } from '../../core/protocol'
import { SINGLETON_OBJECT, TX_WORKFLOW } from './names'

export interface Holder {
  tx: string
  user: string
  since: string
}

const json = restate.serde.json

export const singletonObject = restate.object({
  name: SINGLETON_OBJECT,
  handlers: {
    /** Takes the lock for transaction `tx`, or says who holds it. Taking it again for the same transaction is fine. */
    acquire: async (ctx: restate.ObjectContext, req: { tx: string; user: string }): Promise<{ ok: true } | { heldBy: Holder }> => {
      if (!req || typeof req.tx !== 'string' || typeof req.user !== 'string') throw new restate.TerminalError('acquire takes { tx, user }.')
      const holder = await ctx.get<Holder>('holder')
      if (holder && holder.tx !== req.tx) {
        // The holder may have ended without releasing: its view (workflow.ts) says so.
        const view = await ctx.genericCall<null, TxView | null>({ service: TX_WORKFLOW, method: 'view', key: holder.tx, parameter: null, inputSerde: json, outputSerde: json })
        if (!view || !isFinished(view.status)) return { heldBy: holder }
      }
      const since = holder?.tx === req.tx ? holder.since : new Date(await ctx.date.now()).toISOString()
      ctx.set('holder', { tx: req.tx, user: req.user, since })
      return { ok: true }
    },
    /** Releases the lock if transaction `tx` holds it. */
    release: async (ctx: restate.ObjectContext, req: { tx: string }): Promise<void> => {
      const holder = await ctx.get<Holder>('holder')
      if (holder && holder.tx === req?.tx) ctx.clear('holder')
    },
    /** Who holds it, if anyone. */
    holder: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext): Promise<Holder | null> => (await ctx.get<Holder>('holder')) ?? null),
  },
})

/** Takes lock `name` for a transaction through Restate's ingress (before starting it). */
export async function acquireSingleton(ingress: string, name: string, req: { tx: string; user: string }): Promise<{ ok: true } | { heldBy: Holder }> {
  const r = await fetch(`${ingress.replace(/\/$/, '')}/${SINGLETON_OBJECT}/${encodeURIComponent(name)}/acquire`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req), signal: AbortSignal.timeout(30_000),
  })
  if (!r.ok) throw new Error(`Restate could not take the lock "${name}": ${r.status} ${(await r.text()).slice(0, 500)}`)
  return (await r.json()) as { ok: true } | { heldBy: Holder }
}
