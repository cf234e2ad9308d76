// The host side of one transaction: starts its worker, writes every event to
// the history log, folds events into the state the panel shows, checks
// answers, and cancels (terminating the worker if it does not stop in time).
// Whatever the worker does (malformed messages, running out of memory) and
// whatever recording does (a full disk), the transaction ends and `finished`
// resolves: the host never hangs on an action and never crashes with it.
import type { Worker } from 'node:worker_threads'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { CompiledAction } from '../loader/compile'
import { bundlePath } from '../loader/compile'
import { EVENT_VERSION, JOURNAL_LIMIT, JOURNALED, type NewEvent, type StartedEvent, type TxEvent } from '../history/events'
import { humanStepOf, type WorkflowData } from '../workflows/run'
import { applyEvent, startRecord, toTxView, type TxRecord } from '../history/record'
import type { DurableEngine, JournalLog, ReopenedRun } from '../durable/engine'
import { checkAnswer, isFinished, type Component, type ErrorInfo, type HostToWebview, type RedirectTarget, type TableQuery, type TxTrigger, type TxView, type User } from '../protocol'
import type { QueueRequest } from '../queue/types'
import { needsPersonError, promptLabels, type Unattended } from './unattended'
import { valuesForLog } from './answerLog'
import { IdleRelease } from './idleRelease'
import { answerClock, clockBuffer } from '../durable/hostClock'
import type { Journal } from '../durable/journal'
import { memoryLimitError, watchMemory, type MemoryWatch } from './memoryWatch'
import { startWorker } from './workerPool'
import { workerToHostSchema, type Environment, type HostToWorker, type IntervalData, type WorkerData, type WorkerToHost } from './workerMessages'

export interface ActionRef {
  slug: string
  name: string
  description?: string
  file: string
  /** An Interval Page's screen (see events.ts). */
  page?: boolean
}

/** What a transaction tells its panel besides its state: search results, table rows and pages. */
export type PanelMessage = Extract<HostToWebview, { type: 'searchResults' | 'tableData' | 'tableRows' }>
type TableData = Extract<PanelMessage, { type: 'tableData' }>

/** A workflow's human step to run as transaction `id`: its step, and who it is for when it names an assignee or a team (it waits in their Inbox). */
export interface ChildRequest {
  id: string
  slug: string
  params: Record<string, unknown>
  step?: string
  assignee?: string
  team?: string
}

export interface TransactionOptions {
  id: string
  workerPath: string
  /** Where the journal lives: the History store locally, Restate on a team server (src/server/restate). */
  history: Pick<DurableEngine, 'create' | 'putBlob'>
  action: ActionRef
  /**
   * A transaction taken over after its window went away: the new worker replays
   * its journal. `hold`: the code changed since it started, so it waits for
   * resume() (the person chose to go on with the new code) or cancel().
   */
  resumed?: ReopenedRun & { hold?: boolean }
  /** The host lease id written with a resume. */
  hostId?: string
  /** A workflow run: what its worker runs, and the DAG its start event records. */
  workflow?: { data: WorkflowData; started: NonNullable<StartedEvent['workflow']> }
  /**
   * Fresh ctx.now/ctx.random values from the engine's own deterministic ones (Restate's), which journal them:
   * the log gets only their position. Absent: the worker's Date.now/Math.random, journaled in the log.
   */
  clock?(seq: number, op: 'now' | 'random'): Promise<number>
  /** A workflow's human step: runs action `slug` as transaction `id` (or follows it, if it exists) to its end. */
  runChild?(req: ChildRequest): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorInfo }>
  compiled: CompiledAction
  /** For a route of an Interval entry file (`compiled`): its slug and the routesDirectory's compiled files. */
  interval?: IntervalData
  params?: Record<string, unknown>
  user: User
  /** `ctx.environment`; 'development' unless said otherwise. */
  environment?: Environment
  /** The worker's memory limit (heap, and Buffers watched from here): the setting miniInterval.actions.maxMemoryMb. Default 1024. */
  maxMemoryMb?: number
  /**
   * Release the worker after this long waiting at a prompt (serve: a waiting
   * transaction costs no thread); the next answer replays to the prompt in a
   * new one (idleRelease.ts). Absent: the worker lives until the end.
   */
  idleMs?: number
  /** How long a canceled action may run its `finally` blocks before its thread is stopped. */
  cancelGraceMs?: number
  /** ctx.notify: `to` holds emails, team names or webhook URLs; absent, it is for the run's own user. Not called again on a replay. */
  onNotify?(n: { message: string; title?: string; to?: string[] }): void
  /**
   * Nobody is at this run (a schedule's). 'fail': its first prompt fails it (NeedsPersonError);
   * 'queue': it waits there and onNeedsPerson is called. Recorded in its `started` event, so a
   * resumed run stays unattended without being told again (a value given on resume wins).
   */
  unattended?: Unattended
  /**
   * An unattended run in 'queue' mode reached its first prompt: queue it for its owner (a
   * QueuedAction whose runId is this transaction's id). Called once per Transaction, at a
   * prompt before any answer: a resumed run waiting there calls it again, so a queue write
   * lost to a crash is made then; stores add a known id only once.
   */
  onNeedsPerson?(p: { seq: number; label: string }): void
  /** What started it, for History (a schedule, or an Inbox item); recorded in its `started` event. */
  trigger?: TxTrigger
  /**
   * ctx.enqueue: store the item (id `<tx>-q<n>`). A rejection (an unknown action, an assignee
   * who is nobody) rejects the action's call with its message. A replayed call does not come here.
   */
  onEnqueue?(req: QueueRequest & { id: string }): Promise<void> | void
  /** miniInterval.trace: the worker was taken (or spawned), and it reached an io call (core/trace). */
  onHop?(hop: 'worker' | 'io'): void
  /** Each log line (ctx.log and console output), for the extension's output channel. */
  onLog?(line: string): void
  /** The transaction ended by ctx.redirect: open the URL or start the action (route, params). Called once, after the end is recorded. */
  onRedirect?(target: RedirectTarget): void
  /** Diagnostics for the extension's own log (dropped messages and the like). */
  trace?(message: string): void
}

export class Transaction {
  readonly id: string
  readonly action: ActionRef
  readonly finished: Promise<TxRecord>
  private readonly record: TxRecord
  private readonly log: JournalLog
  private worker?: Worker
  /** Journaled events so far: past JOURNAL_LIMIT the transaction fails rather than make replay slow. */
  private journaled = 0
  /** Waiting for the person before a resume (the code changed). */
  private held = false
  private readonly listeners = new Set<(view: TxView) => void>()
  private readonly panelListeners = new Set<(m: PanelMessage) => void>()
  /** Rows of every table and grid shown, by dataId: a panel opened (or reloaded) later gets them again. */
  private readonly tables = new Map<string, TableData>()
  /** dataIds of the getData tables and grids on screen or in the feed. */
  private readonly liveTables = new Set<string>()
  /** An answer the host accepted and the worker is validating: logged once the worker accepts it. */
  private inFlight?: { seq: number; values: unknown[]; choice?: string; by?: string }
  private resolveFinished!: (r: TxRecord) => void
  /** Set by ctx.redirect: the transaction ends `redirected` instead of with the handler's result. */
  private redirect?: RedirectTarget
  private memory?: MemoryWatch
  private readonly maxMemoryMb: number
  private readonly idle?: IdleRelease
  /** The buffer the current worker waits on for the host's ctx.now/ctx.random (opts.clock). */
  private clockBuffer?: SharedArrayBuffer
  /** Nobody is at it (opts.unattended, or its started event on a resume). */
  private readonly unattended?: Unattended
  /** onNeedsPerson was called (once per Transaction). */
  private askedForPerson = false
  /** Its end is applied: it is told (listeners, `finished`) once the log has it on disk, once. */
  private ending = false
  /** Its end is on disk and told. */
  private told = false
  /** The view listeners were last told: what `view` shows while the end is being synced. */
  private lastTold?: TxView

  constructor(private readonly opts: TransactionOptions) {
    this.id = opts.id
    this.action = opts.action
    this.finished = new Promise((r) => (this.resolveFinished = r))
    this.maxMemoryMb = opts.maxMemoryMb ?? 1024
    if (opts.resumed) {
      this.log = opts.resumed.log
      this.record = opts.resumed.record
      this.journaled = opts.resumed.journaled
      this.held = !!opts.resumed.hold
    } else {
      const { log, event } = opts.history.create(opts.id, {
        action: opts.action,
        codeHash: opts.compiled.hash,
        params: opts.params ?? {},
        user: opts.user,
        hostPid: process.pid,
        ...(opts.workflow ? { workflow: opts.workflow.started } : {}),
        ...(opts.trigger ? { trigger: opts.trigger } : {}),
        ...(opts.unattended ? { unattended: opts.unattended } : {}),
      })
      this.log = log
      this.record = startRecord(event)
    }
    this.unattended = opts.unattended ?? this.record.unattended
    if (opts.idleMs !== undefined) this.idle = new IdleRelease(opts.idleMs, opts.resumed?.journal)
    // A resumed worker does not show its feed again: the getData tables in it are known from the record.
    if (opts.resumed) this.noteTables([...this.record.feed, ...(this.record.prompt?.components ?? [])])
    this.lastTold = this.view
    if (!this.held) this.startWorker()
  }

  /** Whether its worker was released while it waits (idleMs). */
  get released(): boolean {
    return !!this.idle?.released
  }

  /** A released worker's successor, replaying to the waiting prompt, before a message that needs it. */
  private wake(): void {
    if (this.idle?.released && !isFinished(this.record.status)) this.startWorker(this.idle.replay())
  }

  private release(): void {
    this.memory?.stop()
    this.worker?.removeAllListeners('exit')
    void this.worker?.terminate()
    this.worker = undefined
  }

  /** The held transaction goes on with the changed code. */
  resume(): void {
    if (!this.held || isFinished(this.record.status)) return
    this.held = false
    this.startWorker()
    this.changed()
  }

  private startWorker(woken?: Journal): void {
    const opts = this.opts
    this.workerShows = undefined
    if (opts.resumed && !woken) {
      this.emit({ type: 'resumed', codeHash: opts.compiled.hash, ...(opts.hostId ? { hostId: opts.hostId } : {}) })
      if (isFinished(this.record.status)) return
    }
    const data: WorkerData = {
      mode: 'run',
      code: opts.compiled.code,
      bundleFile: bundlePath(opts.action.file),
      // A resumed run goes on with what it started with: its params and its user, from the journal.
      tx: { id: opts.id, slug: opts.action.slug, params: this.record.params, user: this.record.user, environment: opts.environment ?? 'development' },
      maxMemoryMb: opts.maxMemoryMb ?? 1024,
      ...(opts.interval ? { interval: opts.interval } : {}),
      ...(woken ? { replay: woken } : opts.resumed ? { replay: opts.resumed.journal } : {}),
      ...(opts.workflow ? { workflow: opts.workflow.data } : {}),
      ...(opts.clock ? { clock: (this.clockBuffer = clockBuffer()) } : {}),
    }
    // A pre-started one when the shell keeps a pool of this bundle (workerPool.ts), else a fresh spawn.
    const worker = startWorker(opts.workerPath, data, this.maxMemoryMb)
    this.opts.onHop?.('worker')
    this.worker = worker
    worker.on('message', (m) => this.onWorkerMessage(m))
    worker.on('error', (e: Error & { code?: string }) =>
      this.emit({ type: 'error', error: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? this.outOfMemory() : { name: String(e.name), message: String(e.message), stack: e.stack } }),
    )
    worker.on('exit', (code) =>
      this.emit({ type: 'error', error: { name: 'WorkerExit', message: `The action stopped unexpectedly (exit code ${code}).` } }),
    )
    this.memory = watchMemory(worker, this.maxMemoryMb, (usedMb) => this.emit({ type: 'error', error: this.outOfMemory(usedMb) }))
    // The worker posts console output in order with its other messages; what still reaches its real
    // stdout (a stream piped around the patched write) is logged as it comes.
    for (const stream of [worker.stdout, worker.stderr] as Readable[]) {
      createInterface({ input: stream }).on('line', (line) => this.emit({ type: 'log', message: line }))
    }
  }

  private outOfMemory(usedMb?: number): ErrorInfo {
    return memoryLimitError(this.maxMemoryMb, usedMb)
  }

  /** What a panel shows: until its end is on disk, the view its listeners were last told, not the end. */
  get view(): TxView {
    if (this.ending && !this.told && this.lastTold) return this.lastTold
    const view = toTxView(this.record)
    return this.held && !isFinished(this.record.status) ? { ...view, codeChanged: true } : view
  }

  get status(): TxRecord['status'] {
    return this.record.status
  }

  onChange(listener: (view: TxView) => void): { dispose(): void } {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  onPanelMessage(listener: (m: PanelMessage) => void): { dispose(): void } {
    this.panelListeners.add(listener)
    return { dispose: () => this.panelListeners.delete(listener) }
  }

  /** The screen the current worker shows (it posted its render); a resumed worker gets there by replaying. */
  private workerShows?: number
  private showWaiters: { seq: number; resolve(): void }[] = []

  /**
   * Resolves once the current worker shows screen `seq`: a search or a table page needs the action's code
   * there, and a resumed worker replays its way to it first (the Restate engine's queries, server/restate).
   */
  showing(seq: number): Promise<void> {
    if (this.workerShows === seq) return Promise.resolve()
    return new Promise((resolve) => this.showWaiters.push({ seq, resolve }))
  }

  /** The rows of every table shown so far, for a panel that opens after they were sent. */
  tableData(): TableData[] {
    return [...this.tables.values()]
  }

  private tell(m: PanelMessage): void {
    for (const l of this.panelListeners) l(m)
  }

  /**
   * An answer from the panel. Stale answers are ignored; answers that fail the
   * checks re-show the screen with messages. Accepted ones go to the worker,
   * whose `.validate()` functions have the last word.
   */
  submit(seq: number, values: unknown[], choice?: string, by?: string): void {
    const prompt = this.record.prompt
    const trace = (why: string): void => this.opts.trace?.(`tx ${this.id}: ignored an answer to screen ${seq}: ${why}`)
    if (!prompt || prompt.seq !== seq) return trace('not the current screen')
    if (this.inFlight?.seq === seq) return trace('an answer to it is already being checked')
    if (values.length !== prompt.components.length) return trace(`${values.length} values for ${prompt.components.length} fields`)
    if (prompt.choices ? !prompt.choices.some((c) => c.value === choice) : choice !== undefined) return trace(`unknown choice ${JSON.stringify(choice)}`)
    if (prompt.components.some((c) => c.method === 'CONFIRM_IDENTITY') && !this.identityConfirmed) return trace('identity is confirmed by the host, not the panel')
    this.identityConfirmed = false
    const checks = prompt.components.map((c, i) => checkAnswer(c, values[i]))
    if (checks.some((c) => !c.ok)) {
      const invalid = { type: 'invalid' as const, seq, values, errors: checks.map((c) => (c.ok ? null : c.error)) }
      return this.emit(invalid, () => ({ ...invalid, values: this.valuesForLog(prompt.components, values) }))
    }
    // JSON cannot hold undefined: an empty optional answer travels as null.
    const accepted = checks.map((c) => (c.ok && c.value !== undefined ? c.value : null))
    this.inFlight = { seq, values: accepted, ...(choice !== undefined ? { choice } : {}), ...(by ? { by } : {}) }
    this.wake()
    this.send({ type: 'answer', seq, values: accepted, ...(choice !== undefined ? { choice } : {}) })
  }

  private identityConfirmed = false

  /** The host's answer to io.confirmIdentity (a modal dialog), which the panel cannot give. */
  confirmIdentity(seq: number, confirmed: boolean): void {
    this.identityConfirmed = true
    this.submit(seq, [confirmed])
  }

  /** The person typed into an io.search on the current screen. */
  search(seq: number, index: number, requestId: number, query: string): void {
    const c = this.record.prompt?.seq === seq ? this.record.prompt.components[index] : undefined
    if (c?.method !== 'SEARCH') return this.opts.trace?.(`tx ${this.id}: ignored a search for screen ${seq} field ${index}`)
    this.send({ type: 'search', seq, index, requestId, query })
  }

  /** A getData table or grid of this transaction needs a page. */
  tableQuery(dataId: string, requestId: number, query: TableQuery): void {
    if (!this.liveTables.has(dataId) || isFinished(this.record.status)) return this.opts.trace?.(`tx ${this.id}: ignored a page request for table ${dataId}`)
    this.send({ type: 'tableQuery', dataId, requestId, query })
  }

  private noteTables(components: Component[]): void {
    for (const c of components) if (c.props.async === true && typeof c.props.dataId === 'string') this.liveTables.add(c.props.dataId)
  }

  /** What the log keeps of an answer: sensitive values masked, files as blob hashes. */
  private valuesForLog(components: Component[], values: unknown[]): unknown[] {
    return valuesForLog(components, values, (bytes) => this.opts.history.putBlob(bytes))
  }

  /** Cancels: the pending io call rejects with IOError CANCELED; the thread is stopped after a short grace. `by`: who, for History. */
  cancel(by?: string): void {
    if (isFinished(this.record.status)) return
    if (this.idle?.released) return this.emit({ type: 'canceled', ...(by ? { by } : {}) }) // no thread to stop
    this.emit({ type: 'canceled', ...(by ? { by } : {}) })
    this.send({ type: 'cancel' })
    setTimeout(() => void this.worker?.terminate(), this.opts.cancelGraceMs ?? 500).unref()
  }

  /**
   * Stops the worker without writing an end: used when the extension host shuts
   * down, so the next start marks the transaction interrupted (the truth).
   */
  abandon(): void {
    this.memory?.stop()
    this.worker?.removeAllListeners('exit')
    void this.worker?.terminate()
  }

  private send(m: HostToWorker): void {
    try {
      this.worker?.postMessage(m)
    } catch (e) {
      this.opts.trace?.(`tx ${this.id}: could not reach the worker: ${(e as Error).message}`)
    }
  }

  private onWorkerMessage(raw: unknown): void {
    const parsed = workerToHostSchema.safeParse(raw)
    if (!parsed.success) {
      // The worker runs workspace code: a message we cannot read ends the transaction with the reason.
      const issue = parsed.error.issues[0]
      const type = typeof (raw as { type?: unknown })?.type === 'string' ? `"${String((raw as { type: string }).type).slice(0, 100)}" ` : ''
      const where = issue.path.length ? ` at ${issue.path.join('.')}` : ''
      return this.emit({ type: 'error', error: { name: 'WorkerProtocolError', message: `The action's worker sent a malformed ${type}message${where}: ${issue.message}` } })
    }
    this.onMessage(parsed.data)
  }

  private onMessage(m: WorkerToHost): void {
    switch (m.type) {
      case 'render':
        this.opts.onHop?.('io')
        this.noteTables(m.components)
        this.workerShows = m.seq
        this.showWaiters = this.showWaiters.filter((w) => (w.seq === m.seq ? void w.resolve() : true))
        if (this.unattended?.mode === 'fail') return this.emit({ type: 'error', error: needsPersonError(promptLabels(m.components), this.unattended.why) })
        // A resumed run shows again the screen it waited on: it is in the log already (and the panel's draft is kept).
        if (this.record.prompt?.seq === m.seq && JSON.stringify(this.record.prompt.components) === JSON.stringify(m.components)) this.changed()
        else this.emit({ type: 'render', seq: m.seq, components: m.components, ...(m.choices ? { choices: m.choices } : {}), ...(m.hash ? { hash: m.hash } : {}) })
        return this.needsPerson(m.seq, m.components)
      case 'display':
        this.noteTables(m.components)
        return this.emit({ type: 'display', seq: m.seq, components: m.components })
      case 'update':
        return this.emit({ type: 'update', seq: m.seq, index: m.index, component: m.component })
      case 'accepted':
      case 'invalid': {
        const sent = this.inFlight
        // The worker waits for `journaled` after `accepted`, whatever happens to it here.
        if (sent?.seq !== m.seq) return m.type === 'accepted' ? this.acknowledge() : undefined
        this.inFlight = undefined
        const components = this.record.prompt?.seq === m.seq ? this.record.prompt.components : []
        const event: NewEvent =
          m.type === 'accepted'
            ? {
                type: 'answer', seq: m.seq, values: sent.values, ...(sent.choice !== undefined ? { choice: sent.choice } : {}),
                ...(m.chosenRows ? { chosenRows: m.chosenRows } : {}), ...(m.searched ? { searched: m.searched } : {}), ...(sent.by ? { by: sent.by } : {}),
              }
            : { type: 'invalid', seq: m.seq, values: sent.values, errors: m.errors, ...(m.formError ? { formError: m.formError } : {}) }
        this.emit(event, () => ({ ...event, values: this.valuesForLog(components, sent.values) }) as NewEvent)
        return m.type === 'accepted' ? this.acknowledge() : undefined
      }
      case 'step': {
        const { type: _t, ...step } = m
        this.emit({ type: 'step', ...step })
        return this.acknowledge()
      }
      case 'recorded':
        return this.emit({ type: 'recorded', seq: m.seq, op: m.op, value: m.value })
      case 'clock':
        return this.clock(m.seq, m.op)
      case 'diverged':
        return this.emit({ type: 'diverged', divergence: m.divergence })
      case 'stepSkipped':
        return this.emit({ type: 'stepSkipped', step: m.step, status: m.status, ...(m.reason ? { reason: m.reason } : {}) })
      case 'child':
        return void this.child(m.requestId, m.id, m.slug, m.params)
      case 'searchResults':
      case 'tableRows':
        return this.tell(m)
      case 'tableData':
        this.tables.set(m.dataId, m)
        return this.tell(m)
      case 'log':
        return this.emitAll(m.messages.map((message) => ({ event: { type: 'log', message } })))
      case 'loading':
        return this.emit({ type: 'loading', state: m.state })
      case 'notify': {
        const { type: _t, ...n } = m
        return this.call('onNotify', () => this.opts.onNotify?.(n))
      }
      case 'enqueue':
        return void this.enqueue(m)
      case 'redirect':
        this.redirect ??= m.target
        return
      case 'result':
        return this.emit(this.redirect ? { type: 'redirected', target: this.redirect } : { type: 'result', value: m.value })
      case 'error':
        return this.emit({ type: 'error', error: m.error })
      case 'canceled':
        return this.emit({ type: 'canceled' })
      case 'meta':
      case 'singletonKey':
        return
    }
  }

  /**
   * Waiting for a person and nothing else: no answer being checked, not a workflow (its
   * steps run meanwhile), and no io.search on screen nor getData table shown (they need the code live).
   */
  private idleAtPrompt(): boolean {
    const prompt = this.record.prompt
    return this.record.status === 'awaiting' && !!prompt && !this.inFlight && !!this.worker && !this.opts.workflow &&
      this.liveTables.size === 0 && !prompt.components.some((c) => c.method === 'SEARCH')
  }

  /** A workflow's human step: its action runs as a transaction of its own; its end goes back to the worker. */
  private async child(requestId: number, id: string, slug: string, params: Record<string, unknown>): Promise<void> {
    const run = this.opts.runChild
    let out: Awaited<ReturnType<NonNullable<typeof run>>>
    try {
      // Who the step is for comes from the definition the host prepared (a step naming an assignee or a team waits in their Inbox).
      const step = this.opts.workflow && humanStepOf(this.opts.workflow.data, id)
      const forWhom = step ? { step: step.id, ...(step.assignee ? { assignee: step.assignee } : {}), ...(step.team ? { team: step.team } : {}) } : {}
      out = run ? await run({ id, slug, params, ...forWhom }) : { ok: false, error: { name: 'Error', message: 'Human steps run only in VS Code.' } }
    } catch (e) {
      out = { ok: false, error: { name: 'Error', message: e instanceof Error ? e.message : String(e) } }
    }
    if (!isFinished(this.record.status)) this.send(out.ok ? { type: 'childResult', requestId, ok: true, value: out.value } : { type: 'childResult', requestId, ok: false, error: { name: out.error.name, message: out.error.message } })
  }

  /** An unattended run in 'queue' mode waits at its first prompt: the host queues it for its owner. */
  private needsPerson(seq: number, components: Component[]): void {
    if (this.unattended?.mode !== 'queue' || this.askedForPerson || this.record.status !== 'awaiting') return
    // Once someone answered, a person is at it: the owner opened it from their Inbox.
    if (this.record.steps.some((s) => s.values)) return
    this.askedForPerson = true
    this.call('onNeedsPerson', () => this.opts.onNeedsPerson?.({ seq, label: promptLabels(components).join(', ') }))
  }

  /**
   * ctx.enqueue, from inside its journaled step: the host's store takes the item, then the worker
   * goes on (enqueue.ts). Its id must be one of this transaction's: the worker runs workspace code.
   */
  private async enqueue(m: Extract<WorkerToHost, { type: 'enqueue' }>): Promise<void> {
    const { type: _t, requestId, ...req } = m
    let error: string | undefined
    try {
      if (!/^[1-9][0-9]*$/.test(req.id.slice(this.id.length + 2)) || !req.id.startsWith(`${this.id}-q`)) throw new Error(`"${req.id}" is not an id this transaction queues with.`)
      if (!this.opts.onEnqueue) throw new Error('ctx.enqueue: actions cannot be queued here.')
      await this.opts.onEnqueue({ ...req, source: { kind: 'ctx', tx: this.id } })
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 10_000) || 'The action could not be queued.'
    }
    if (!isFinished(this.record.status)) this.send({ type: 'enqueued', requestId, ok: error === undefined, ...(error !== undefined ? { error } : {}) })
  }

  /** A fresh ctx.now/ctx.random from the engine (opts.clock): its position is logged, the value goes to the waiting worker. */
  private clock(seq: number, op: 'now' | 'random'): void {
    const buffer = this.clockBuffer
    if (!this.opts.clock || !buffer) return this.emit({ type: 'error', error: { name: 'WorkerProtocolError', message: 'The worker asked the host for ctx.now/ctx.random, which this host does not give.' } })
    this.emit({ type: 'recorded', seq, op })
    this.opts.clock(seq, op).then(
      (value) => void (isFinished(this.record.status) || answerClock(buffer, value)),
      (e: unknown) => this.failRecording('recorded', e),
    )
  }

  /** Tells the worker its last journaled message is in the log, so it may go on. Never after the end: a run that could not record stops there. */
  private acknowledge(): void {
    if (isFinished(this.record.status)) return
    const synced = this.log.synced?.()
    // Acknowledgements keep their order: each waits for every event appended before it.
    if (!synced) return this.send({ type: 'journaled' })
    synced.then(
      () => void (isFinished(this.record.status) || this.send({ type: 'journaled' })),
      (e: unknown) => this.failRecording('journal', e),
    )
  }

  /** Runs a callback of the shell; one that throws is traced, never breaks the transaction. */
  private call(what: string, f: () => void): void {
    try {
      f()
    } catch (e) {
      this.opts.trace?.(`tx ${this.id}: ${what} threw: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** Writes an event (or what `forLog` makes of it: masked answers), folds it into the state, tells listeners. */
  private emit(event: NewEvent, forLog?: () => NewEvent): void {
    this.emitAll([{ event, forLog }])
  }

  /** Writes events in order, then tells listeners once. Nothing is written after the end. */
  private emitAll(events: { event: NewEvent; forLog?: () => NewEvent }[]): void {
    if (isFinished(this.record.status)) return
    for (const { event, forLog } of events) {
      if (isFinished(this.record.status)) break
      if (JOURNALED.has(event.type) && ++this.journaled > JOURNAL_LIMIT) return this.failJournal()
      let stamped: TxEvent
      try {
        stamped = this.log.append(forLog ? forLog() : event)
      } catch (e) {
        return this.failRecording(event.type, e)
      }
      const applied = forLog ? ({ ...event, v: stamped.v, tx: stamped.tx, at: stamped.at } as TxEvent) : stamped
      applyEvent(this.record, applied)
      this.idle?.add(applied)
      if (event.type === 'log') this.call('onLog', () => this.opts.onLog?.(event.message))
    }
    this.changed()
  }

  /**
   * An event could not be written (the disk is full, or a value JSON cannot
   * hold): the transaction fails with the reason, written if the log still
   * takes it, and ends in any case.
   */
  private failRecording(type: string, e: unknown): void {
    const error: ErrorInfo = {
      name: 'HistoryWriteError',
      message: `Could not record the transaction's ${type} event, so it was stopped: ${e instanceof Error ? e.message : String(e)}`.slice(0, 10_000),
    }
    let stamped: TxEvent
    try {
      stamped = this.log.append({ type: 'error', error })
    } catch {
      stamped = { v: EVENT_VERSION, tx: this.id, at: new Date().toISOString(), type: 'error', error }
    }
    applyEvent(this.record, stamped)
    this.changed()
  }

  /** A journal past its cap would make every resume slow: the run fails with the reason instead. */
  private failJournal(): void {
    this.emit({
      type: 'error',
      error: {
        name: 'JournalLimitError',
        message: `This transaction journaled more than ${JOURNAL_LIMIT.toLocaleString('en-US')} io calls, steps and ctx.now/ctx.random values, so it was stopped: a resume replays each one. Batch the work (one io.group, one ctx.run over many items) or split it into several actions.`,
      },
    })
  }

  private changed(): void {
    if (this.ending) return
    if (!isFinished(this.record.status)) {
      this.tellListeners()
      return this.idle?.consider(() => this.idleAtPrompt(), () => this.release())
    }
    this.ending = true
    this.idle?.stop()
    this.memory?.stop()
    if (this.record.status !== 'canceled') void this.worker?.terminate()
    // Nobody sees the run finished (its panel, History, `finished`) before its end is on disk.
    const synced = this.log.synced?.()
    if (!synced) return this.ended()
    synced.then(
      () => this.ended(),
      (e: unknown) => {
        // The end was written but the disk refused to flush it: the run did end, and its record says what may be lost.
        this.record.problems.push(`Its end may not be on disk: ${e instanceof Error ? e.message : String(e)}`)
        this.ended()
      },
    )
  }

  private tellListeners(): void {
    const view = (this.lastTold = this.view)
    for (const l of this.listeners) this.call('a listener', () => l(view))
  }

  /** The end is durable: listeners, `finished`, then a redirect. */
  private ended(): void {
    this.told = true
    this.tellListeners()
    this.resolveFinished(this.record)
    const target = this.record.status === 'redirected' ? this.redirect : undefined
    if (target) this.call('onRedirect', () => this.opts.onRedirect?.(target))
  }
}
