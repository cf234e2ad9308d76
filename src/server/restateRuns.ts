// serve on Restate: transactions are Restate workflows (restate/workflow.ts),
// started, followed and answered through Restate's ingress only, so any serve
// behind the same Restate can continue any of them; History is Restate's
// (its SQL introspection API), cancel is Restate's cancellation.
import { createHash } from 'node:crypto'
import { newTxId } from '../core/history/store'
import type { HistorySummary } from '../core/history/index-file'
import { isFinished, type HostToWebview, type TxStatus, type TxView, type User } from '../core/protocol'
import type { HostedRuns, MessageOutcome } from './hosted'
import type { Logger } from './log'
import { cancelTransaction, journaledEvents, listTransactions, query, startedBy } from './restate/admin'
import { displayName } from '../core/history/store'
import { TX_WORKFLOW } from './restate/names'
import { fold } from './restate/session'
import { toHistoryEntry } from '../core/history/record'
import { RestateError, RestateTx } from './restate/client'
import { acquireSingleton } from './restate/singleton'
import { mapFiles, putBlob } from './restate/blobs'
import type { Sealer } from './restate/seal'
import type { Published } from './restate/workflow'
import { actorLabel } from './people/access'
import type { RunnableEntry } from '../core/runs/runnable'
import { UserError } from './runs'

export interface RestateRunsDeps {
  ingress: string
  admin: string
  find(slug: string): RunnableEntry | undefined
  user: User
  log: Logger
  /** Seals answers before they go to Restate (restate/seal.ts); the endpoint opens them with the same key. */
  sealer?: Sealer
  /** A singleton action's key for these params (its `singleton` function, run in a worker); absent, one lock per action. */
  singletonKey?(entry: RunnableEntry, params: Record<string, unknown>): Promise<string>
  /** An action file's path as History shows it (relative to the served folder: no absolute path leaves the server). */
  relative?(file: string): string
  /** A run this serve followed ended (its Inbox item, if any, is done: the queue store is told). */
  onEnded?(id: string, status: TxStatus): void
}

/** `follow(id)`: a run started elsewhere (a schedule's tick in this process's endpoint) is followed, so the lists hear of it. */
export function restateRuns(deps: RestateRunsDeps): HostedRuns & { follow(id: string): void } {
  const listeners = new Set<(id: string, status: TxStatus) => void>()
  /** The status last announced per transaction: whoever follows it here (a page, or an answer's follower), each change is told once. */
  const announced = new Map<string, TxStatus>()
  const fire = (id: string, status: TxStatus) => {
    if (announced.get(id) === status) return
    announced.set(id, status)
    if (isFinished(status)) {
      setTimeout(() => announced.delete(id), 60_000).unref()
      deps.onEnded?.(id, status)
    }
    listeners.forEach((f) => f(id, status))
  }
  const tx = (id: string) => new RestateTx(deps.ingress, id)
  /** Whether Restate knows a run with this id (started: its `run` was invoked, whether or not it published anything yet). */
  async function exists(id: string): Promise<boolean> {
    if (!/^[a-z0-9-]{1,200}$/.test(id)) throw new UserError(`Invalid transaction id "${id}"`)
    if ((await tx(id).where()).view) return true
    return (await query<{ id: string }>(deps.admin, `SELECT id FROM sys_invocation WHERE target_service_name = '${TX_WORKFLOW}' AND target_service_key = '${id}' AND target_handler_name = 'run' LIMIT 1`)).length > 0
  }

  /**
   * Follows transaction `id` from its n-th publication (Restate answers `next(n)` when it is there: pushed, never
   * polled), announcing status changes; `each` sees each one and says whether to go on. Stops at the end or `closed()`.
   */
  async function follow(id: string, n: number, each: (w: Published) => boolean, closed: () => boolean): Promise<void> {
    const t = tx(id)
    while (!closed()) {
      try {
        const w = await t.follow(n, 25_000)
        if (closed()) return
        fire(id, w.view.status)
        if (!each(w) || 'ended' in w) return
        n = w.n + 1
      } catch (e) {
        if (closed()) return
        // A long wait times out and is asked again; Restate down: try again shortly.
        if (!(e instanceof RestateError) || !/timeout|aborted/i.test(e.message)) await new Promise((r) => setTimeout(r, 1000))
      }
    }
  }

  /** Transactions followed here until their next screen or end, so the lists hear of it with no page watching. */
  const announcing = new Set<string>()
  async function announce(id: string, answered?: number): Promise<void> {
    if (announcing.has(id)) return
    announcing.add(id)
    try {
      const at = await tx(id).where()
      const v = at.view
      // At its next screen (not the one just answered) or its end already.
      if (v && (isFinished(v.status) || (v.status === 'awaiting' && v.prompt?.seq !== answered))) return fire(id, v.status)
      await follow(id, at.n + 1, (w) => !('seq' in w), () => false)
    } catch (e) {
      deps.log.warn(`Transaction ${id}: could not follow it on Restate: ${(e as Error).message}`)
    } finally {
      announcing.delete(id)
    }
  }
  /**
   * An answer with its uploaded files kept in Restate first (restate/blobs.ts), sealed as answers are: the answer
   * then carries their references, not their bytes, and any serve's endpoint reads them back.
   */
  async function keepFiles(id: string, seq: number, values: unknown[]): Promise<unknown[]> {
    const hasBytes = (v: unknown) => !!v && typeof v === 'object' && typeof (v as { data?: unknown }).data === 'string'
    if (!values.some((v) => (Array.isArray(v) ? v.some(hasBytes) : hasBytes(v)))) return values
    const prompt = (await tx(id).where()).view?.prompt
    // Not the screen it shows: the answer is refused as it is (workflow.ts), nothing is kept for it.
    if (prompt?.seq !== seq) return values
    return mapFiles(prompt.components, values, async (f) => {
      if (typeof f.data !== 'string') return f
      const { data, ...meta } = f
      return { ...meta, blob: await putBlob(deps.ingress, Buffer.from(data, 'base64'), deps.sealer) }
    })
  }

  /**
   * Who started each run (Restate's views hold no user: its workflow's input does, read by startedBy), by id; null
   * when Restate no longer has it. A run's starter never changes, so each is asked once.
   */
  const starters = new Map<string, User | null>()
  async function startersOf(ids: string[]): Promise<Map<string, User | null>> {
    const missing = ids.filter((id) => !starters.has(id))
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500)
      const found = await startedBy(deps.admin, chunk)
      for (const id of chunk) starters.set(id, found.get(id) ?? null)
    }
    while (starters.size > 100_000) starters.delete(starters.keys().next().value!)
    return starters
  }

  /** Each transaction's watching pages in this process. */
  const watchers = new Map<string, Set<(m: HostToWebview) => void>>()

  return {
    follow: (id) => void announce(id),

    async start(slug, params, user, opts) {
      // A run with this id already (an Inbox item opened twice, a schedule's time): it is the one.
      if (opts?.id && (await exists(opts.id))) return { id: opts.id }
      const entry = deps.find(slug)
      if (!entry) throw new UserError(`No action "${slug}" in this folder.`)
      if (entry.state !== 'ready') throw new UserError(`${entry.name ?? slug} cannot run: ${entry.error?.split('\n', 1)[0] ?? 'it is still loading'}`)
      const id = opts?.id ?? newTxId()
      let lock: string | undefined
      if (entry.singleton) {
        // One writer per key: the lock is a Restate virtual object keyed as core/runs/singleton.ts names locks.
        lock = entry.singleton === 'key' && deps.singletonKey ? `${entry.slug}:${await deps.singletonKey(entry, params)}` : entry.slug
        const got = await acquireSingleton(deps.ingress, lock, { tx: id, user: user.email })
        if ('heldBy' in got) throw new UserError(`${entry.name ?? slug} runs one at a time, and it is already running (transaction ${got.heldBy.tx}).`)
      }
      // Carried in the workflow's input: every endpoint replaying it passes them to the Transaction again.
      const { existed } = await tx(id).start(slug, params, user, lock, { ...(opts?.trigger ? { trigger: opts.trigger } : {}), ...(opts?.unattended ? { unattended: opts.unattended } : {}) })
      if (existed) return { id }
      starters.set(id, user)
      fire(id, 'running')
      void announce(id)
      return { id }
    },

    async watch(id, send) {
      let at: { n: number; view: TxView | null }
      try {
        at = await tx(id).where()
      } catch (e) {
        if (e instanceof RestateError && e.status !== undefined && e.status < 500) return undefined
        throw e
      }
      const { view } = at
      let closed = false
      if (view) send({ type: 'state', state: view })
      if (view && isFinished(view.status)) return () => void 0
      // Search results and table pages go to the pages of this serve that watch the transaction.
      let pages = watchers.get(id)
      if (!pages) watchers.set(id, (pages = new Set()))
      pages.add(send)
      // From what it published last (where it stands, sent above): nothing earlier is sent again.
      void follow(id, at.n + 1, (w) => (send({ type: 'state', state: w.view }), true), () => closed)
      return () => {
        closed = true
        pages.delete(send)
        if (!pages.size && watchers.get(id) === pages) watchers.delete(id)
      }
    },

    async message(id, m, by): Promise<MessageOutcome> {
      try {
        if (m.type === 'submit') {
          // One answer, however often it is sent (a retry after a lost response is not a second answer); the key is
          // keyed (HMAC), so Restate's copy of it says nothing of a password it digests.
          const answer = await keepFiles(id, m.seq, m.values)
          const text = JSON.stringify([id, m.seq, answer, m.choice])
          const key = deps.sealer ? deps.sealer.digest(text) : createHash('sha256').update(text).digest('hex').slice(0, 32)
          const values = deps.sealer ? { sealed: deps.sealer.seal(answer) } : { values: answer }
          await tx(id).answer({ seq: m.seq, ...values, ...(m.choice !== undefined ? { choice: m.choice } : {}), by: actorLabel(by) }, 30_000, key)
          void announce(id, m.seq)
        } else if (m.type === 'cancel') {
          if (!(await cancelTransaction(deps.admin, id))) return { ok: false, error: `Transaction ${id} is not running.` }
          deps.log.info(`Transaction ${id} canceled by ${by.email}`)
          void announce(id)
        } else if (m.type === 'delete') {
          return { ok: false, error: 'Runs on Restate are kept by Restate: they cannot be deleted from here.' }
        } else if (m.type === 'search' || m.type === 'tableQuery') {
          // The action's code answers (restate/query.ts), in the endpoint process that runs it; the pages watching here get it.
          const answer = await tx(id).query(m)
          watchers.get(id)?.forEach((send) => send(answer))
        }
        return { ok: true }
      } catch (e) {
        return { ok: false, error: (e as Error).message.replace(/^http\S+: /, '') }
      }
    },

    async owner(id) {
      try {
        const view = await tx(id).view()
        if (!view) return undefined
        // Who started it reads it too (mayRead), whatever its action's access says now.
        const email = (await startersOf([id])).get(id)?.email
        return { slug: view.action.slug, ...(email ? { email } : {}) }
      } catch (e) {
        if (e instanceof RestateError && e.status !== undefined && e.status < 500) return undefined
        throw e
      }
    },

    onChange(f) {
      listeners.add(f)
      return () => listeners.delete(f)
    },

    async history(q) {
      const text = q.text?.trim().toLowerCase()
      // As the embedded engine's HistoryStore.query: the person by email (any case), their name searched as text.
      const person = q.user?.trim().toLowerCase()
      const views = (await listTransactions(deps.admin)).filter((v) => (!q.action || v.action.slug === q.action) && (!q.status?.length || q.status.includes(v.status)))
      const by = await startersOf(views.map((v) => v.id))
      const all: HistorySummary[] = views
        .map((v) => ({ v, user: by.get(v.id) ?? undefined }))
        .filter(({ v, user }) => (!person || user?.email.toLowerCase() === person) && (!q.visible || q.visible(v.action.slug, user?.email)))
        .filter(({ v, user }) => !text || [v.id, v.action.slug, v.action.name, v.error?.message ?? '', ...(user ? [displayName(user), user.email] : [])].some((s) => s.toLowerCase().includes(text)))
        .map(({ v, user }) => ({
          id: v.id, slug: v.action.slug, actionName: v.action.name, status: v.status, user: user ? displayName(user) : '', ...(user ? { email: user.email } : {}),
          startedAt: v.startedAt, ...(v.endedAt ? { endedAt: v.endedAt } : {}), ...triggerOf(v.id),
        }))
      const offset = q.offset ?? 0
      return { items: all.slice(offset, offset + (q.limit ?? 50)), total: all.length }
    },

    async detail(id): Promise<HostToWebview | undefined> {
      try {
        // Folded from the event batches in Restate's journal, as the embedded engine folds its log.
        const record = fold(await journaledEvents(deps.admin, id))
        if (record) {
          const entry = toHistoryEntry(record)
          if (entry.action.file && deps.relative) entry.action.file = deps.relative(entry.action.file)
          return { type: 'history', entry }
        }
        // No journal any more (past its retention): where it stood.
        const view = await tx(id).view()
        return view ? { type: 'state', state: view } : undefined
      } catch (e) {
        if (e instanceof RestateError && e.status !== undefined && e.status < 500) return undefined
        throw e
      }
    },
  }
}

/**
 * What started a run, for History's list, from its id: a view holds no trigger, but the ids are fixed where
 * the trigger is (a schedule's time: scheduledRunId; an Inbox item's run: `q-<item>`). The detail has the real one.
 */
function triggerOf(id: string): Pick<HistorySummary, 'trigger'> {
  if (/^sched-[a-z0-9]+-\d{12}$/.test(id)) return { trigger: 'schedule' }
  if (/^q-[a-z0-9-]+$/.test(id)) return { trigger: 'queue' }
  return {}
}
