// Queued actions on Restate (the QueueStore of core/queue/types.ts): one
// virtual object (key `inbox`) holds them, so every serve behind the same
// Restate sees one Inbox, and its exclusive handlers make add/start/finish
// check-and-set with no lock. Open items live in one state value (what an
// Inbox reads); an ended one moves to a key of its own (`item:<id>`, found by
// id or by its run). Each change moves the object's version, which ends the
// `changes` workflow other serves wait on (changes.ts).
import { randomBytes } from 'node:crypto'
import * as restate from '@restatedev/restate-sdk'
import * as z from 'zod'
import { QUEUE_ID, queuedActionSchema } from '../../core/queue/schema'
import { isFor, type InboxReader, type QueuedAction, type QueueRequest, type QueueStore } from '../../core/queue/types'
import { announceChange, watchChanges } from './changes'
import { post } from './client'
import { QUEUE_OBJECT } from './names'

/** The one key the queue object is called with. */
export const QUEUE_KEY = 'inbox'
const KEY = QUEUE_KEY
const TOPIC = 'queue'

type Open = Record<string, QueuedAction>

const requestSchema = z.object({
  req: z.object({
    slug: z.string().min(1).max(500),
    params: z.record(z.string(), z.unknown()).optional(),
    assignee: z.string().max(500).optional(),
    team: z.string().max(500).optional(),
    title: z.string().max(500).optional(),
    id: z.string().regex(QUEUE_ID).optional(),
    runId: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
    source: queuedActionSchema.shape.source,
  }),
  by: z.string().max(500),
})
const idBy = z.object({ id: z.string().max(200), by: z.string().max(500) })
const idOutcome = z.object({ id: z.string().max(200), outcome: z.string().max(100) })
const runOutcome = z.object({ runId: z.string().max(200), outcome: z.string().max(100) })

function parse<T>(schema: z.ZodType<T>, v: unknown): T {
  const r = schema.safeParse(v)
  if (!r.success) throw new restate.TerminalError(`queue: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`)
  return r.data
}

const iso = async (ctx: restate.ObjectContext) => new Date(await ctx.date.now()).toISOString()

async function find(ctx: restate.ObjectSharedContext | restate.ObjectContext, id: string): Promise<QueuedAction | undefined> {
  const open = (await ctx.get<Open>('open')) ?? {}
  return open[id] ?? (await ctx.get<QueuedAction>(`item:${id}`)) ?? undefined
}

/** Writes `item` (open, or moved to its own key once ended), and moves the version. */
async function put(ctx: restate.ObjectContext, item: QueuedAction): Promise<void> {
  const open = (await ctx.get<Open>('open')) ?? {}
  if (item.state === 'waiting' || item.state === 'started') open[item.id] = item
  else {
    delete open[item.id]
    ctx.set(`item:${item.id}`, item)
  }
  ctx.set('open', open)
  ctx.set(`run:${item.runId}`, item.id)
  const version = (await ctx.get<number>('version')) ?? 0
  ctx.set('version', version + 1)
  announceChange(ctx, TOPIC, version)
}

export const queueObject = restate.object({
  name: QUEUE_OBJECT,
  handlers: {
    /** Adds an item; one with that id already there is returned as it is. */
    add: async (ctx: restate.ObjectContext, input: unknown): Promise<QueuedAction> => {
      const { req, by } = parse(requestSchema, input)
      const now = await ctx.date.now()
      const id = req.id ?? `${now.toString(36)}-${ctx.rand.uuidv4().replace(/-/g, '').slice(0, 10)}`
      const known = await find(ctx, id)
      if (known) return known
      const item: QueuedAction = {
        id, slug: req.slug, params: req.params ?? {},
        ...(req.assignee ? { assignee: req.assignee.trim().toLowerCase() } : {}),
        ...(req.team ? { team: req.team } : {}),
        ...(req.title ? { title: req.title } : {}),
        createdBy: by, createdAt: new Date(now).toISOString(), runId: req.runId ?? `q-${id}`, source: req.source, state: 'waiting',
      }
      const checked = queuedActionSchema.safeParse(item)
      if (!checked.success) throw new restate.TerminalError(`queue: ${checked.error.issues[0]?.path.join('.')} ${checked.error.issues[0]?.message}`)
      await put(ctx, item)
      return item
    },
    /** Marks it started by `by`; a started one is returned as it is; null if withdrawn, done or unknown. */
    start: async (ctx: restate.ObjectContext, input: unknown): Promise<QueuedAction | null> => {
      const { id, by } = parse(idBy, input)
      const item = await find(ctx, id)
      if (!item || item.state === 'done' || item.state === 'withdrawn') return null
      if (item.state === 'started') return item
      const next: QueuedAction = { ...item, state: 'started', startedBy: by, startedAt: await iso(ctx) }
      await put(ctx, next)
      return next
    },
    finish: async (ctx: restate.ObjectContext, input: unknown): Promise<void> => {
      const { id, outcome } = parse(idOutcome, input)
      const item = await find(ctx, id)
      if (!item || item.state === 'done' || item.state === 'withdrawn') return
      await put(ctx, { ...item, state: 'done', outcome, endedAt: await iso(ctx) })
    },
    /** A run ended (workflow.ts sends this at the end of a run opened from an Inbox or queued for its owner): its item, if any, is done. */
    finishRun: async (ctx: restate.ObjectContext, input: unknown): Promise<void> => {
      const { runId, outcome } = parse(runOutcome, input)
      const id = await ctx.get<string>(`run:${runId}`)
      const item = id ? await find(ctx, id) : undefined
      if (!item || item.state === 'done' || item.state === 'withdrawn') return
      await put(ctx, { ...item, state: 'done', outcome, endedAt: await iso(ctx) })
    },
    /** A workflow ended: its steps still waiting in an Inbox are withdrawn (workflow.ts sends this at its end). */
    withdrawSteps: async (ctx: restate.ObjectContext, input: unknown): Promise<void> => {
      const { tx } = parse(z.object({ tx: z.string().max(200) }), input)
      const open = (await ctx.get<Open>('open')) ?? {}
      const waiting = Object.values(open).filter((i) => i.state === 'waiting' && i.source.kind === 'workflow' && i.source.tx === tx)
      for (const item of waiting) await put(ctx, { ...item, state: 'withdrawn', endedAt: await iso(ctx) })
    },
    /** True once withdrawn (again: still true); false if it was started or done, or is unknown. */
    withdraw: async (ctx: restate.ObjectContext, input: unknown): Promise<boolean> => {
      const { id } = parse(idBy, input)
      const item = await find(ctx, id)
      if (!item) return false
      if (item.state === 'withdrawn') return true
      if (item.state !== 'waiting') return false
      await put(ctx, { ...item, state: 'withdrawn', endedAt: await iso(ctx) })
      return true
    },
    get: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext, id: string): Promise<QueuedAction | null> => (typeof id === 'string' ? (await find(ctx, id)) ?? null : null)),
    byRun: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext, runId: string): Promise<QueuedAction | null> => {
      const id = typeof runId === 'string' ? await ctx.get<string>(`run:${runId}`) : null
      return id ? (await find(ctx, id)) ?? null : null
    }),
    /** Every open item, and the version they are at. */
    open: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext): Promise<{ items: QueuedAction[]; version: number }> => ({
      items: Object.values((await ctx.get<Open>('open')) ?? {}),
      version: (await ctx.get<number>('version')) ?? 0,
    })),
    version: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext): Promise<number> => (await ctx.get<number>('version')) ?? 0),
  },
})

/** The QueueStore of a serve on Restate: every call goes through Restate's ingress to the `queue` object. */
export class RestateQueueStore implements QueueStore {
  private readonly listeners = new Set<() => void>()
  private stopWatching?: () => void
  private pending?: NodeJS.Timeout
  /** Names this store's long waits (changes.ts). */
  private readonly who = randomBytes(6).toString('hex')

  constructor(private readonly ingress: string) {}

  private call<T>(handler: string, body: unknown): Promise<T> {
    return post<T>(`${this.ingress.replace(/\/$/, '')}/${QUEUE_OBJECT}/${KEY}/${handler}`, body, 30_000)
  }

  private async change<T>(p: Promise<T>): Promise<T> {
    const v = await p
    this.emit()
    return v
  }

  add(req: QueueRequest, by: string): Promise<QueuedAction> {
    return this.change(this.call<QueuedAction>('add', { req, by }))
  }

  async get(id: string): Promise<QueuedAction | undefined> {
    return (await this.call<QueuedAction | null>('get', id)) ?? undefined
  }

  async open(reader?: InboxReader): Promise<QueuedAction[]> {
    const { items } = await this.call<{ items: QueuedAction[] }>('open', null)
    return items.filter((i) => !reader || isFor(i, reader)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
  }

  async byRun(runId: string): Promise<QueuedAction | undefined> {
    return (await this.call<QueuedAction | null>('byRun', runId)) ?? undefined
  }

  async start(id: string, by: string): Promise<QueuedAction | undefined> {
    return (await this.change(this.call<QueuedAction | null>('start', { id, by }))) ?? undefined
  }

  finish(id: string, outcome: string): Promise<void> {
    return this.change(this.call<void>('finish', { id, outcome }))
  }

  /** A run ended: its item, if any, is done (the same as byRun then finish, in one call). */
  finishRun(runId: string, outcome: string): Promise<void> {
    return this.change(this.call<void>('finishRun', { runId, outcome }))
  }

  withdraw(id: string, by: string): Promise<boolean> {
    return this.change(this.call<boolean>('withdraw', { id, by }))
  }

  /** This serve's changes at once; another's when Restate answers the long wait on the queue's version (changes.ts). */
  onChange(f: () => void): () => void {
    this.listeners.add(f)
    this.stopWatching ??= watchChanges(this.ingress, TOPIC, () => this.call<number>('version', null), () => this.emit(), this.who)
    return () => {
      this.listeners.delete(f)
      if (!this.listeners.size) this.close()
    }
  }

  close(): void {
    this.stopWatching?.()
    this.stopWatching = undefined
    if (this.pending) clearTimeout(this.pending)
    this.pending = undefined
  }

  /** Listeners hear a burst of changes once (this serve's own change and its echo from the watch). */
  private emit(): void {
    if (!this.listeners.size || this.pending) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      for (const f of [...this.listeners]) f()
    }, 20)
    this.pending.unref?.()
  }
}
