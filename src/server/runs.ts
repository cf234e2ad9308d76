// The transactions `serve` runs: started from the browser or VS Code, resumed
// after a restart (the same journal, replay and claims as the extension), and
// pushed to every page that watches them. What a page sends is the same
// WebviewToHost protocol a VS Code panel sends.
import { displayName, newTxId, type HistoryStore } from '../core/history/store'
import type { CompileCache } from '../core/loader/cache'
import { Drafts } from '../core/history/drafts'
import { toHistoryEntry, toTxView, type TxRecord } from '../core/history/record'
import type { Lock } from '../core/durable/engine'
import { Transaction, type ChildRequest, type PanelMessage } from '../core/runtime/transaction'
import { prepareRunnable } from '../core/runs/prepare'
import { singletonLock } from '../core/runs/singleton'
import { followChild, stepQueueRequest, type ChildOutcome } from '../core/runs/children'
import type { QueueRequest, QueueStore } from '../core/queue/types'
import type { StartOptions } from './hosted'
import { deliver } from '../core/runs/deliver'
import type { RunnableEntry } from '../core/runs/runnable'
import { isFinished, type HostToWebview, type TxStatus, type TxView, type User, type WebviewToHost } from '../core/protocol'
import type { Logger } from './log'

export interface RunsDeps {
  history: HistoryStore
  compiler: CompileCache
  workerPath: string
  /** An action or workflow of the folder, by slug. */
  find(slug: string): RunnableEntry | undefined
  /** Whether a file belongs to the served folder (only its runs are resumed here). */
  owns(file: string): boolean
  /** A file's path in the served folder, for what pages are sent. */
  relative(file: string): string
  user: User
  environment: string
  log: Logger
  concurrency?: number
  maxMemoryMb?: number
  /** A transaction waiting this long at a prompt gives its worker back (default 10 s). */
  idleMs?: number
  /** The Inbox's store: ctx.enqueue adds to it, a workflow's assigned human step waits in it, and a run's end finishes its item. */
  queue?: QueueStore
  /** Why an item cannot be queued (an unknown action, an assignee who is nobody here); undefined when it can. */
  queueRefusal?(req: QueueRequest): string | undefined
  /** ctx.notify (server/notify/notifier.ts); without it, notifications are logged. */
  notify?(n: { message: string; title?: string; to?: string | string[]; tx: string; slug: string; user: string }): void
  /** An unattended run in 'queue' mode waits at a prompt: its owner gets it in their Inbox (schedules/embedded.ts). */
  onNeedsPerson?(run: { id: string; slug: string; params: Record<string, unknown>; user: User }, prompt: { seq: number; label: string }): Promise<void> | void
}

type Watcher = (m: HostToWebview) => void

interface Slot {
  tx: Transaction
  entry: RunnableEntry
  lock?: Lock
}

export class ServerRuns {
  private readonly active = new Map<string, Slot>()
  private readonly watchers = new Map<string, Set<Watcher>>()
  private readonly listeners = new Set<(id: string, status: TxStatus) => void>()
  private readonly resuming = new Set<string>()
  /** Starts under way by id: a second start of the same id (an Inbox item opened twice at once) gets the first's run. */
  private readonly starting = new Map<string, Promise<Transaction | { id: string }>>()
  private readonly drafts: Drafts
  private closing = false

  constructor(private readonly deps: RunsDeps) {
    this.drafts = new Drafts(`${deps.history.dir}/drafts`)
  }

  get(id: string): Transaction | undefined {
    return this.active.get(id)?.tx
  }

  running(): Transaction[] {
    return [...this.active.values()].map((s) => s.tx)
  }

  /** A transaction started, changed status or ended. */
  onChange(f: (id: string, status: TxStatus) => void): () => void {
    this.listeners.add(f)
    return () => this.listeners.delete(f)
  }

  /**
   * `user`: who starts it (ctx.user; default the server's own user). With `opts.id` of a run that
   * exists (here, or in History), nothing starts: the running transaction, or just its id.
   */
  async start(slug: string, params: Record<string, unknown> = {}, user: User = this.deps.user, opts: StartOptions = {}): Promise<Transaction | { id: string }> {
    const id = opts.id
    if (id === undefined) return this.startNew(slug, params, user, newTxId(), opts)
    const known = this.get(id) ?? this.starting.get(id)
    if (known) return known
    if (this.resuming.has(id) || this.deps.history.summary(id)) return { id }
    const started = this.startNew(slug, params, user, id, opts).finally(() => this.starting.delete(id))
    this.starting.set(id, started)
    return started
  }

  private async startNew(slug: string, params: Record<string, unknown>, user: User, id: string, opts: StartOptions): Promise<Transaction> {
    const entry = this.deps.find(slug)
    if (!entry) throw new UserError(`No action or workflow "${slug}" in this folder.`)
    if (entry.state === 'loading') throw new UserError(`${entry.name ?? slug} is still loading; try again in a moment.`)
    if (entry.state === 'broken') throw new UserError(`${entry.name ?? slug} cannot run: ${entry.error?.split('\n', 1)[0] ?? 'it does not load'}`)
    if (entry.route?.kind === 'page' && !entry.route.hasHandler) throw new UserError(`"${slug}" is a page without a handler: it has no screen of its own.`)
    const prepared = await this.prepare(entry, id)
    const lock = await singletonLock(entry, prepared.compiled, params, id, this.lockDeps()).catch((e: Error) => {
      throw new UserError(e.message)
    })
    if (lock && 'running' in lock) return lock.running
    const tx = new Transaction({
      ...this.options(entry, prepared, user), ...this.hooks(id, entry, params, user), id, params, user,
      ...(opts.trigger ? { trigger: opts.trigger } : {}), ...(opts.unattended ? { unattended: opts.unattended } : {}),
    })
    this.deps.log.info(`Transaction ${id} started: ${slug}`)
    this.attach(tx, entry, lock)
    return tx
  }

  /** Runs left unfinished by a serve that is gone (killed, say): each resumes from its journal at the same prompt. */
  async resume(id: string): Promise<Transaction | undefined> {
    if (this.active.has(id) || this.resuming.has(id)) return this.get(id)
    let started
    try {
      started = this.deps.history.read(id)
    } catch (e) {
      this.deps.log.warn(`Transaction ${id} cannot be read to resume: ${(e as Error).message}`)
      return undefined
    }
    if (!this.deps.owns(started.action.file)) return undefined
    const entry = this.deps.find(started.action.slug)
    if (!entry || entry.file.file !== started.action.file) {
      if (this.deps.history.interrupt(id, `its action "${started.action.slug}" is no longer in this folder, so it could not be resumed`)) this.deps.log.warn(`Transaction ${id} interrupted: ${started.action.slug} is gone`)
      return undefined
    }
    if (entry.state !== 'ready') return undefined // resumes once it loads
    this.resuming.add(id)
    try {
      const prepared = await this.prepare(entry, id)
      const reopened = this.deps.history.reopen(id)
      if (!('log' in reopened)) return undefined
      const lock = await singletonLock(entry, prepared.compiled, reopened.record.params, id, this.lockDeps()).catch((e: Error) => void this.deps.log.warn(`Transaction ${id}: ${e.message}`))
      const hold = reopened.record.codeHash !== prepared.compiled.hash
      const tx = new Transaction({ ...this.options(entry, prepared, reopened.record.user), ...this.hooks(id, entry, reopened.record.params, reopened.record.user), id, user: reopened.record.user, resumed: { ...reopened, hold }, hostId: this.deps.history.hostId })
      this.deps.log.info(`Transaction ${id} resumed (${entry.slug})${hold ? ': its code changed, so it waits for the person to resume or restart' : ''}`)
      this.attach(tx, entry, lock && !('running' in lock) ? lock : undefined)
      return tx
    } finally {
      this.resuming.delete(id)
    }
  }

  /** A page watches a transaction: it gets its state (and table rows) now and every change after; a finished one, its History entry. */
  watch(id: string, send: Watcher): () => void {
    const tx = this.get(id)
    if (tx) {
      for (const rows of tx.tableData()) send(rows)
      send({ type: 'state', state: this.stateOf(tx) })
    } else {
      const r = this.deps.history.read(id) // throws for an unknown id
      send(isFinished(r.status) ? this.historyMessage(r) : { type: 'state', state: toTxView(r) })
    }
    let set = this.watchers.get(id)
    if (!set) this.watchers.set(id, (set = new Set()))
    set.add(send)
    return () => {
      set.delete(send)
      if (!set.size) this.watchers.delete(id)
    }
  }

  /** A run as History shows it, its file named by its path in the folder (no absolute path leaves the server). */
  historyMessage(r: TxRecord): Extract<HostToWebview, { type: 'history' }> {
    const entry = toHistoryEntry(r)
    if (entry.action.file) entry.action.file = this.deps.relative(entry.action.file)
    return { type: 'history', entry }
  }

  /** One message from a page (already validated against the protocol). */
  message(id: string, m: WebviewToHost, by: string): { ok: true; id?: string } | { ok: false; error: string } {
    const tx = this.get(id)
    if (m.type === 'ready' || m.type === 'copy' || m.type === 'open' || m.type === 'openSource' || m.type === 'showTransaction' || m.type === 'export' || m.type === 'rerun' || m.type === 'queue') return { ok: true } // the page's own business
    if (m.type === 'delete') {
      if (tx) return { ok: false, error: 'A running transaction cannot be deleted: cancel it first.' }
      return this.deps.history.delete([id]) ? { ok: true } : { ok: false, error: `No finished transaction ${id} to delete.` }
    }
    if (!tx) return { ok: false, error: `Transaction ${id} is not running here.` }
    if (m.type === 'cancel') tx.cancel(by)
    else deliver(tx, m, this.drafts, by)
    return { ok: true }
  }

  /** Stops every worker without ending any run: after a restart each resumes from its journal. */
  close(): void {
    this.closing = true
    for (const { tx } of this.active.values()) tx.abandon()
  }

  private stateOf(tx: Transaction): TxView {
    const view = tx.view
    const draft = view.prompt ? this.drafts.get(tx.id) : undefined
    return draft?.seq === view.prompt?.seq ? { ...view, draft } : view
  }

  private push(id: string, m: HostToWebview): void {
    for (const w of this.watchers.get(id) ?? []) w(m)
  }

  private fire(id: string, status: TxStatus): void {
    for (const f of this.listeners) f(id, status)
  }

  private attach(tx: Transaction, entry: RunnableEntry, lock?: Lock): void {
    this.active.set(tx.id, { tx, entry, lock })
    let last = tx.status
    tx.onChange((view) => {
      this.push(tx.id, { type: 'state', state: this.stateOf(tx) })
      if (isFinished(view.status)) lock?.release()
      if (view.status !== last) this.fire(tx.id, (last = view.status))
    })
    tx.onPanelMessage((m: PanelMessage) => this.push(tx.id, m))
    void tx.finished.then((r) => {
      lock?.release()
      if (this.closing) return
      this.drafts.drop(tx.id)
      if (r.workflow && r.status === 'canceled') for (const [id, child] of this.active) if (id.startsWith(`${tx.id}-s`)) child.tx.cancel(displayName(this.deps.user))
      this.deps.log.info(`Transaction ${tx.id} ${r.status}${r.error ? `: ${r.error.name}: ${r.error.message}` : ''}`)
      this.active.delete(tx.id)
      this.fire(tx.id, r.status)
      void this.settleQueue(tx.id, r.status, !!r.workflow).catch((e: Error) => this.deps.log.error(`The Inbox item of transaction ${tx.id} could not be updated: ${e.message}`))
    })
    this.fire(tx.id, tx.status)
  }

  private prepare(entry: RunnableEntry, id: string) {
    return prepareRunnable(entry, id, { compiler: this.deps.compiler, isAction: (slug) => !!this.deps.find(slug) && !this.deps.find(slug)!.workflow, concurrency: this.deps.concurrency ?? 4 })
  }

  private lockDeps() {
    return {
      engine: this.deps.history, workerPath: this.deps.workerPath, owner: this.deps.history.hostId, user: displayName(this.deps.user),
      running: (id: string) => this.get(id), elsewhere: 'another server or VS Code window',
    }
  }

  /**
   * A workflow's human step. One naming an assignee or a team is queued in their Inbox (the item's
   * run is the step's transaction) and waited for: whoever opens it starts it. Otherwise this host
   * starts it as the workflow's user. After a restart the same ids are followed, never started twice.
   */
  private async runChild(req: ChildRequest, user: User, workflowName: string): Promise<ChildOutcome> {
    const queue = this.deps.queue
    const parent = workflowOfChild(req.id)
    const assigned = !!(req.assignee || req.team)
    if (assigned) {
      if (!queue) return { ok: false, error: { name: 'StepActionEnded', message: 'This step is for a person or a team, but this server keeps no Inbox.' } }
      const item = stepQueueRequest(req, { id: parent, name: workflowName })
      const refused = this.deps.queueRefusal?.(item)
      if (refused) return { ok: false, error: { name: 'StepActionEnded', message: refused } }
      await queue.add(item, user.email)
    }
    return followChild(req, {
      running: (id) => this.get(id),
      read: (id) => this.deps.history.read(id),
      start: (slug, params, id) =>
        this.deps.find(slug)
          ? this.start(slug, params, user, { id }).then((r) => {
              if (r instanceof Transaction) return r
              throw new Error(`Transaction ${id} started elsewhere meanwhile.`)
            })
          : undefined,
      ...(assigned && queue
        ? {
            queued: async (id: string) => {
              // serve is stopping: the run resumes after the restart and waits again there.
              if (this.closing) return new Promise<undefined>(() => undefined)
              if (!this.active.has(parent)) return 'The workflow ended.'
              const it = await queue.get(id)
              return it?.state === 'withdrawn' ? 'Its Inbox item was withdrawn.' : undefined
            },
          }
        : {}),
    })
  }

  /** A run ended: its Inbox item (if it has one) leaves every Inbox; a workflow's steps still waiting in one are withdrawn. */
  private async settleQueue(id: string, status: TxStatus, workflow: boolean): Promise<void> {
    const queue = this.deps.queue
    if (!queue) return
    const item = await queue.byRun(id)
    if (item && (item.state === 'waiting' || item.state === 'started')) await queue.finish(item.id, status)
    if (workflow) {
      for (const it of await queue.open()) if (it.source.kind === 'workflow' && it.source.tx === id) await queue.withdraw(it.id, it.createdBy)
    }
  }

  /** What a run tells beyond its page: ctx.notify, and a queue-mode unattended run waiting for its owner. */
  private hooks(id: string, entry: RunnableEntry, params: Record<string, unknown>, user: User) {
    const name = entry.name ?? entry.slug
    return {
      onNotify: (n: { message: string; title?: string; to?: string | string[] }) => {
        this.deps.log.info(`[${name}] notify: ${n.title ? `${n.title}: ` : ''}${n.message}`)
        this.deps.notify?.({ ...n, tx: id, slug: entry.slug, user: user.email })
      },
      // ctx.enqueue: checked as the Inbox's own route checks it; a refusal rejects the action's call.
      onEnqueue: async (req: QueueRequest & { id: string }) => {
        if (!this.deps.queue) throw new Error('ctx.enqueue: this server keeps no Inbox.')
        const refused = this.deps.queueRefusal?.(req)
        if (refused) throw new Error(refused)
        await this.deps.queue.add(req, user.email)
      },
      onNeedsPerson: (p: { seq: number; label: string }) =>
        void Promise.resolve(this.deps.onNeedsPerson?.({ id, slug: entry.slug, params, user }, p)).catch((e: Error) => this.deps.log.error(`Transaction ${id} could not be queued for its owner: ${e.message}`)),
    }
  }

  /** `user`: who the run is for; a workflow's human steps run as them too. */
  private options(entry: RunnableEntry, { compiled, interval, workflow }: Awaited<ReturnType<ServerRuns['prepare']>>, user: User) {
    const name = entry.name ?? entry.slug
    return {
      workerPath: this.deps.workerPath,
      history: this.deps.history,
      action: { slug: entry.slug, name, description: entry.description, file: entry.file.file, ...(entry.route?.kind === 'page' ? { page: true } : {}) },
      compiled,
      interval,
      environment: (this.deps.environment === 'production' ? 'production' : 'development') as 'production' | 'development',
      maxMemoryMb: this.deps.maxMemoryMb ?? 1024,
      idleMs: this.deps.idleMs ?? 10_000,
      trace: (m: string) => this.deps.log.warn(m),
      onLog: (line: string) => this.deps.log.info(`[${name}] ${line}`),
      // ctx.redirect: the page that shows the run follows it (it starts the route itself), as a VS Code tab does.
      onRedirect: (target: { url?: string; route?: string }) => this.deps.log.info(`[${name}] redirects to ${target.route ?? target.url}`),
      ...(workflow ? { workflow, runChild: (req: ChildRequest) => this.runChild(req, user, name) } : {}),
    }
  }
}

/** The id of the workflow transaction a human step's transaction (`<workflow>-s<i>-<attempt>`) belongs to. */
const workflowOfChild = (childId: string): string => childId.replace(/-s\d+-\d+$/, '')

/** A refusal a person can act on (400 with its message), unlike a fault (500). */
export class UserError extends Error {}
