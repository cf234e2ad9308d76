// A transaction live in this process on the Restate engine: the same
// Transaction (core/runtime/transaction.ts) and worker as everywhere else,
// writing its events into a buffer that the workflow handler (workflow.ts)
// hands to Restate in batches, each batch one `ctx.run` in Restate's journal.
// The worker's acknowledgements (`journaled`) wait until Restate has the
// events: nothing goes on before it is durable, as with the local log.
import { EVENT_VERSION, JOURNALED, TERMINAL, type NewEvent, type StartedEvent, type TxEvent } from '../../core/history/events'
import { applyEvent, startRecord, type TxRecord } from '../../core/history/record'
import { JournalBuilder } from '../../core/durable/journal'
import { restoreAnswerValue } from '../../core/durable/restore'
import { MASK } from '../../core/runtime/answerLog'
import type { Sealer } from './seal'
import type { JournalLog, ReopenedRun } from '../../core/durable/engine'
import { Transaction, type ActionRef, type TransactionOptions } from '../../core/runtime/transaction'
import { runChildOnRestate } from './children'
import { blobRef, mapFiles, putBlob, readBlob } from './blobs'
import type { RestoreValue } from '../../core/durable/journal'
import type { CompiledAction } from '../../core/loader/compile'
import type { Environment } from '../../core/runtime/workerMessages'
import type { TxTrigger, TxView, User } from '../../core/protocol'
import type { Unattended } from '../../core/history/events'
import type { QueuedAction, QueueRequest } from '../../core/queue/types'
import type { ScheduleNotify } from '../../core/schedules/spec'
import type { ScheduleHost } from './schedules'

/** What starts a transaction on Restate (the workflow's input). */
export interface StartInput {
  slug: string
  params?: Record<string, unknown>
  user: User
  /** A singleton action's lock name, taken (acquireSingleton) before the start: released when the transaction ends. */
  lock?: string
  /** A schedule's run, or one opened from an Inbox: recorded in its started event. */
  trigger?: TxTrigger
  /** Nobody is at it (a schedule's run): carried in the input, so every endpoint replaying it passes it again. */
  unattended?: Unattended
  /** A schedule's "tell me how it went": on failure or always, to `to` (else the run's user). */
  notify?: { on: ScheduleNotify; to?: string[] }
}

export interface ResolvedAction {
  action: ActionRef
  compiled: CompiledAction
  /** A workflow file: what its worker runs, and the DAG its start event records (core/runs/prepare.ts). */
  workflow?: TransactionOptions['workflow']
  /** A route of an Interval entry file: its slug and the routesDirectory's compiled files. */
  interval?: TransactionOptions['interval']
}

export interface SessionHost extends ScheduleHost {
  workerPath: string
  /** The action or workflow to run for a slug as transaction `id`, compiled; throws an Error a person can read if there is none. */
  resolve(slug: string, id: string): Promise<ResolvedAction>
  /** Restate's ingress: where a workflow's human step starts its transaction and follows it (children.ts). */
  ingress?: string
  hostId: string
  environment?: Environment
  maxMemoryMb?: number
  onLog?(tx: string, line: string): void
  /** A transaction's worker was stopped because its Restate invocation attempt ended before it did (suspended while waiting, or aborted). */
  onRelease?(tx: string): void
  /**
   * How long a transaction waits for a person before Restate suspends it and
   * its worker is stopped (Restate's inactivity timeout); an answer replays it
   * in a new worker. Default 60 s.
   */
  idleMs?: number
  /** Opens answers `serve` sealed (seal.ts); absent, only answers in clear are taken. */
  sealer?: Sealer
  /** How long Restate keeps an ended transaction, for History (its state and its journal). Default a day, as Restate does. */
  retentionMs?: number
  /** ctx.enqueue in transaction `tx` (started by `input`), or a workflow's assigned step: the host's queue store takes it; a rejection fails the call. */
  onEnqueue?(tx: string, input: StartInput, req: QueueRequest): Promise<void>
  /** A queued item now (a workflow's assigned step waits for someone to open it). */
  queueItem?(id: string): Promise<QueuedAction | undefined>
  /** Resolves at the queue's next change, or after a while. */
  queueChanged?(): Promise<void>
  /** ctx.notify in transaction `tx`. */
  onNotify?(tx: string, input: StartInput, n: { message: string; title?: string; to?: string[] }): void
  /** An unattended run in 'queue' mode waits at a prompt: queue it for its owner (its input's user). */
  onNeedsPerson?(tx: string, input: StartInput, prompt: { seq: number; label: string }): void
  /** A run whose input asks to `notify` ended (workflow.ts calls this once, in a journaled step). */
  onEnded?(tx: string, input: StartInput, view: TxView): Promise<void> | void
}

/** Folds journaled events into a transaction's record (a fresh object each call: Transaction mutates its own). */
export function fold(events: TxEvent[]): TxRecord | undefined {
  const first = events[0]
  if (first?.type !== 'started') return undefined
  const r = startRecord(first as StartedEvent)
  for (const e of events.slice(1)) applyEvent(r, e)
  return r
}

/**
 * Events something waits on to be journaled: a ctx.run step's start or end and
 * a ctx.now/random position (the worker), a screen, a refused answer and the
 * end (the workflow handler publishes them). The rest (an accepted answer,
 * which Restate holds in its promise already; logs, progress, displays) go
 * with the next of these, or after LINGER_MS: nothing is lost if the process
 * dies first, a replay writes them again.
 */
const URGENT = new Set<TxEvent['type']>(['render', 'step', 'recorded', 'invalid', ...TERMINAL])
const LINGER_MS = 200

/** The buffer between a Transaction and Restate's journal. */
class BufferLog implements JournalLog {
  ended = false
  private readonly pending: TxEvent[] = []
  private appended: number
  private durable: number
  private readonly syncWaiters: { upTo: number; resolve(): void }[] = []
  private wake?: () => void

  constructor(
    private readonly id: string,
    /** Events already in Restate's journal. */
    journaled: number,
  ) {
    this.appended = journaled
    this.durable = journaled
  }

  get durableCount(): number {
    return this.durable
  }

  append(e: NewEvent): TxEvent {
    if (this.ended) throw new Error('the transaction has ended')
    const event = { v: EVENT_VERSION, tx: this.id, at: new Date().toISOString(), ...e } as TxEvent
    if (TERMINAL.has(event.type)) this.ended = true
    if (!this.pending.length) this.oldest = Date.now()
    this.pending.push(event)
    this.appended++
    this.wake?.()
    return event
  }

  /**
   * Resolves once the events a worker's acknowledgement depends on are in
   * Restate's journal: through the last ctx.run step event (a step's start before
   * its body runs, its end before the action goes on). An accepted answer needs
   * no wait: Restate holds it already in its durable promise, and a replay
   * submits it again (workflow.ts), so the action goes on at once and its
   * answer event joins the next batch.
   */
  synced(): Promise<void> {
    let last = -1
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].type === 'step') {
        last = i
        break
      }
    }
    // Acknowledgements keep their order: none goes out before one asked for earlier.
    const before = this.syncWaiters.at(-1)?.upTo ?? 0
    if (last < 0 && !before) return Promise.resolve()
    return new Promise((resolve) => this.syncWaiters.push({ upTo: Math.max(before, this.durable + last + 1), resolve }))
  }

  /**
   * The events not yet in Restate's journal, once one of them is waited for
   * (URGENT) or the oldest has waited LINGER_MS (those appended in the same
   * turn of the event loop go together): an answer and the next screen make
   * one batch, one round trip to Restate. They stay here until committed: an
   * invocation Restate gave up on may have taken them without journaling
   * them, and the one replacing it takes them again. A newer call supersedes
   * a waiting one, which then never resolves.
   */
  async take(): Promise<TxEvent[]> {
    const token = {}
    this.taker = token
    for (;;) {
      const left = this.pending.length ? LINGER_MS - (Date.now() - this.oldest) : Infinity
      if (left <= 0 || this.pending.some((e) => URGENT.has(e.type))) break
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>((r) => {
        this.wake = r
        if (left !== Infinity) timer = setTimeout(r, left)
      })
      clearTimeout(timer)
      if (this.taker !== token) return new Promise<never>(() => {})
    }
    await new Promise((r) => setImmediate(r))
    if (this.taker !== token) return new Promise<never>(() => {})
    return this.pending.slice()
  }

  private taker?: object
  /** When the oldest pending event was appended. */
  private oldest = 0

  /** The events not yet in Restate's journal, now (none, maybe): a woken run's batch (workflow.ts). Supersedes a waiting take. */
  takeNow(): TxEvent[] {
    this.taker = {}
    return this.pending.slice()
  }

  /** Restate journaled `n` more events: acknowledgements waiting for them go out, in order. */
  committed(n: number): void {
    this.pending.splice(0, n)
    this.oldest = Date.now()
    this.durable += n
    while (this.syncWaiters.length && this.syncWaiters[0].upTo <= this.durable) this.syncWaiters.shift()!.resolve()
  }
}

/**
 * ctx.now/ctx.random values by journal position, from Restate's deterministic
 * ones (workflow.ts: ctx.date.now(), journaled by Restate; ctx.rand, seeded by
 * the invocation): our batches hold only their positions.
 */
export class Clock {
  readonly values = new Map<number, number>()
  private readonly waiting = new Map<number, (v: number) => void>()

  /** The value at `seq`, once the workflow has it from Restate. */
  get(seq: number): Promise<number> {
    const v = this.values.get(seq)
    return v !== undefined ? Promise.resolve(v) : new Promise((resolve) => this.waiting.set(seq, resolve))
  }

  set(seq: number, value: number): void {
    this.values.set(seq, value)
    this.waiting.get(seq)?.(value)
    this.waiting.delete(seq)
  }

  /** Takes over what a session's worker waits for from the clock of the invocation before this one. */
  adopt(old: Clock): void {
    for (const [seq, resolve] of old.waiting) {
      const v = this.values.get(seq)
      if (v !== undefined) resolve(v)
      else this.waiting.set(seq, resolve)
    }
    old.waiting.clear()
  }
}

export class Session {
  readonly log: BufferLog
  readonly tx: Transaction

  private constructor(id: string, journaled: TxEvent[], private readonly host: SessionHost, found: ResolvedAction, input: StartInput, private clock: Clock, answers: ReadonlyMap<number, unknown[]>, blobs: ReadonlyMap<string, Uint8Array>) {
    this.log = new BufferLog(id, journaled.length)
    const record = fold(journaled)
    let resumed: ReopenedRun | undefined
    if (record) {
      const journal = new JournalBuilder(restoring(answers, (ref) => blobs.get(ref)))
      // A ctx.now/ctx.random position gets Restate's value back, so replay checks the call there as it does locally.
      for (const e of journaled) journal.add(e.type === 'recorded' && e.value === undefined && clock.values.has(e.seq) ? { ...e, value: clock.values.get(e.seq)! } : e)
      resumed = { log: this.log, record, journal: journal.build(), journaled: journaled.filter((e) => JOURNALED.has(e.type)).length }
    }
    const log = this.log
    this.tx = new Transaction({
      id, workerPath: host.workerPath, action: found.action, compiled: found.compiled, ...(found.interval ? { interval: found.interval } : {}),
      params: input.params ?? {}, user: input.user, hostId: host.hostId,
      environment: host.environment, maxMemoryMb: host.maxMemoryMb,
      ...(resumed ? { resumed } : {}),
      clock: (seq) => this.clock.get(seq),
      // A workflow: its steps run in this worker, each human step a transaction of its own on Restate, as the same person.
      ...(found.workflow ? { workflow: found.workflow, runChild: runChildOnRestate({
        ingress: host.ingress, known: async (slug) => void (await host.resolve(slug, id)),
        // A step for an assignee or a team waits in their Inbox, queued as the workflow's user.
        ...(host.onEnqueue && host.queueItem ? { queue: (req) => host.onEnqueue!(id, input, req), item: (q) => host.queueItem!(q), ...(host.queueChanged ? { changed: () => host.queueChanged!() } : {}) } : {}),
      }, input.user, { id, name: found.action.name }) } : {}),
      history: {
        create: (tx, started) => ({ log, event: log.append({ type: 'started', ...started }) as StartedEvent }),
        // The bytes are in Restate already (blobs.ts): serve, or submit() below, kept them before the worker got them.
        putBlob: (bytes) => blobRef(bytes, host.sealer),
      },
      onLog: (line) => host.onLog?.(id, line),
      ...(input.trigger ? { trigger: input.trigger } : {}),
      ...(input.unattended ? { unattended: input.unattended } : {}),
      onEnqueue: async (req) => {
        if (!host.onEnqueue) throw new Error('ctx.enqueue: this server keeps no queue.')
        await host.onEnqueue(id, input, req)
      },
      onNotify: (n) => host.onNotify?.(id, input, n),
      onNeedsPerson: (p) => host.onNeedsPerson?.(id, input, p),
    })
  }

  /**
   * The live session for transaction `id` whose Restate journal holds
   * `journaled`: the one this process runs already if it is at that point (an
   * invocation resumed after suspension), else a new one replaying it.
   */
  static async open(id: string, journaled: TxEvent[], host: SessionHost, input: StartInput, clock: Clock, answers: ReadonlyMap<number, unknown[]>): Promise<Session> {
    const running = live.get(id)
    if (running && running.log.durableCount === journaled.length && !running.log.ended) {
      // A value its worker waits for may have come back in this invocation's replay (not when a ctx.run is retried).
      if (running.clock !== clock) {
        clock.adopt(running.clock)
        running.clock = clock
      }
      return running
    }
    running?.tx.abandon()
    live.delete(id)
    const found = await host.resolve(input.slug, id)
    // The files the replay gives back, read from Restate first: which ones, a dry run of the journal says.
    const refs = new Set<string>()
    const dry = new JournalBuilder(restoring(answers, (ref) => (refs.add(ref), new Uint8Array())))
    for (const e of journaled) dry.add(e)
    const blobs = new Map<string, Uint8Array>()
    for (const ref of refs) {
      const bytes = await readBlob(ingressOf(host), ref, host.sealer)
      if (bytes) blobs.set(ref, bytes)
    }
    const s = new Session(id, journaled, host, found, input, clock, answers, blobs)
    live.set(id, s)
    for (const w of opened.get(id) ?? []) w(s)
    opened.delete(id)
    void s.tx.finished.then(() => live.get(id) === s && setTimeout(() => live.get(id) === s && live.delete(id), 1000).unref())
    return s
  }

  /**
   * Gives an answer to the worker, its files as the action gets them: a file Restate keeps (serve uploaded it,
   * blobs.ts) is read back; one sent with its bytes is kept first, so the reference the journal holds can be read.
   * Throws when Restate cannot be reached (the workflow's ctx.run retries).
   */
  async submit(a: { seq: number; values: unknown[]; choice?: string; by?: string }): Promise<void> {
    const prompt = this.tx.view.prompt
    const ingress = () => ingressOf(this.host)
    const values = prompt?.seq !== a.seq ? a.values : await mapFiles(prompt.components, a.values, async (f) => {
      if (typeof f.data === 'string') return (await putBlob(ingress(), Buffer.from(f.data, 'base64'), this.host.sealer), f)
      if (typeof f.blob !== 'string') return f
      const bytes = await readBlob(ingress(), f.blob, this.host.sealer)
      // Gone from Restate: without its bytes the answer is refused as no file, and the person uploads it again.
      if (!bytes) return f
      const { blob: _blob, ...meta } = f
      return { ...meta, data: bytes.toString('base64') }
    })
    this.tx.submit(a.seq, values, a.choice, a.by)
  }

  /** The session of transaction `id` this process runs now, if any. */
  static running(id: string): Session | undefined {
    const s = live.get(id)
    return s && !s.log.ended ? s : undefined
  }

  /** That session once this process opens it (a woken run), or undefined after `ms`. */
  static whenRunning(id: string, ms: number): Promise<Session | undefined> {
    const now = Session.running(id)
    if (now) return Promise.resolve(now)
    return new Promise((resolve) => {
      let set = opened.get(id)
      if (!set) opened.set(id, (set = new Set()))
      const done = (s: Session | undefined) => {
        clearTimeout(timer)
        set!.delete(done)
        if (!set!.size && opened.get(id) === set) opened.delete(id)
        resolve(s)
      }
      const timer = setTimeout(() => done(undefined), ms)
      set.add(done)
    })
  }

  /**
   * The invocation attempt that ran this session ended and the transaction did
   * not: Restate suspended it at a prompt, or gave up on the attempt. Its
   * worker stops (a waiting transaction costs no thread); the next attempt
   * replays it from Restate's journal.
   */
  release(host: SessionHost): void {
    if (live.get(this.tx.id) === this) live.delete(this.tx.id)
    this.released.abort()
    if (this.log.ended) return
    this.tx.abandon()
    host.onRelease?.(this.tx.id)
  }

  /** Aborted when the session is released: a query waiting on it fails at once. */
  readonly released = new AbortController()
  private queries = { busy: 0, seen: 0, idle: undefined as (() => void) | undefined }

  /** Runs a page's query on this session, counted so a woken run stays live for it (settled). */
  async query<T>(f: () => Promise<T>): Promise<T> {
    this.queries.busy++
    this.queries.seen++
    try {
      return await f()
    } finally {
      if (--this.queries.busy === 0) this.queries.idle?.()
    }
  }

  /**
   * Once the query that woke the run has been answered (or none came within `ms`): the woken run holds its
   * invocation attempt open until then (a ctx.run in progress), so Restate does not suspend it mid-query.
   */
  async settled(ms: number): Promise<void> {
    const end = Date.now() + ms
    const firstBy = Date.now() + SETTLE_MS
    for (;;) {
      const now = Date.now()
      if (now >= end || (this.queries.busy === 0 && (this.queries.seen > 0 || now >= firstBy))) return
      await new Promise<void>((r) => {
        this.queries.idle = r
        setTimeout(r, Math.max(1, (this.queries.busy > 0 ? end : Math.min(end, firstBy)) - now)).unref()
      })
    }
  }
}

/**
 * How replay restores a logged answer value. A sensitive field's answer is masked in the batches, as in the local
 * log: its value comes from the answer's sealed durable promise (seal.ts), opened in memory, so it is not asked
 * again. An uploaded file's bytes come from `readBlob` (Restate's, blobs.ts).
 */
function restoring(answers: ReadonlyMap<number, unknown[]>, readBlob: (ref: string) => Uint8Array | undefined): RestoreValue {
  return (method, sensitive, value, at) => {
    const kept = answers.get(at.seq)
    if (sensitive && value === MASK && kept) return restoreAnswerValue(method, false, kept[at.index], readBlob)
    return restoreAnswerValue(method, sensitive, value, readBlob)
  }
}

function ingressOf(host: SessionHost): string {
  if (!host.ingress) throw new Error("Uploaded files on Restate are kept through its ingress, and this endpoint has none (SessionHost.ingress).")
  return host.ingress
}

/** How long a woken run waits for the query that woke it to reach its session. */
const SETTLE_MS = 2000

/** Sessions this process runs, by transaction id. */
const live = new Map<string, Session>()
/** Who waits for a session to open here (a query that woke its run). */
const opened = new Map<string, Set<(s: Session) => void>>()

/** Stops every worker this process runs (shutdown): Restate re-invokes their transactions elsewhere or later. */
export function abandonAll(): void {
  for (const s of live.values()) s.tx.abandon()
  live.clear()
}
