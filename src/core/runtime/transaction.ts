// The host side of one transaction: starts its worker, writes every event to
// the history log, folds events into the state the panel shows, checks
// answers, and cancels (terminating the worker if it does not stop in time).
import { Worker } from 'node:worker_threads'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { CompiledAction } from '../loader/compile'
import { bundlePath } from '../loader/compile'
import type { NewEvent } from '../history/events'
import { applyEvent, startRecord, toTxView, type TxRecord } from '../history/record'
import type { HistoryStore, TxLog } from '../history/store'
import { checkAnswer, isFinished, type Component, type HostToWebview, type TableQuery, type TxView, type User } from '../protocol'
import { workerToHostSchema, type HostToWorker, type WorkerData } from './workerMessages'

export interface ActionRef {
  slug: string
  name: string
  description?: string
  file: string
}

/** What a transaction tells its panel besides its state: search results, table rows and pages. */
export type PanelMessage = Extract<HostToWebview, { type: 'searchResults' | 'tableData' | 'tableRows' }>
type TableData = Extract<PanelMessage, { type: 'tableData' }>

export interface TransactionOptions {
  id: string
  workerPath: string
  history: HistoryStore
  action: ActionRef
  compiled: CompiledAction
  params?: Record<string, unknown>
  user: User
  /** How long a canceled action may run its `finally` blocks before its thread is stopped. */
  cancelGraceMs?: number
  onNotify?(n: { message: string; title?: string }): void
  /** Diagnostics for the extension's own log (dropped messages and the like). */
  trace?(message: string): void
}

export class Transaction {
  readonly id: string
  readonly action: ActionRef
  readonly finished: Promise<TxRecord>
  private readonly record: TxRecord
  private readonly log: TxLog
  private readonly worker: Worker
  private readonly listeners = new Set<(view: TxView) => void>()
  private readonly panelListeners = new Set<(m: PanelMessage) => void>()
  /** Rows of every table and grid shown, by dataId: a panel opened (or reloaded) later gets them again. */
  private readonly tables = new Map<string, TableData>()
  /** dataIds of the getData tables and grids on screen or in the feed. */
  private readonly liveTables = new Set<string>()
  /** An answer the host accepted and the worker is validating: logged once the worker accepts it. */
  private inFlight?: { seq: number; values: unknown[]; choice?: string }
  private resolveFinished!: (r: TxRecord) => void

  constructor(private readonly opts: TransactionOptions) {
    this.id = opts.id
    this.action = opts.action
    this.finished = new Promise((r) => (this.resolveFinished = r))
    const { log, event } = opts.history.create(opts.id, {
      action: opts.action,
      codeHash: opts.compiled.hash,
      params: opts.params ?? {},
      user: opts.user,
      hostPid: process.pid,
    })
    this.log = log
    this.record = startRecord(event)
    const data: WorkerData = {
      mode: 'run',
      code: opts.compiled.code,
      bundleFile: bundlePath(opts.action.file),
      tx: { id: opts.id, slug: opts.action.slug, params: opts.params ?? {}, user: opts.user },
    }
    this.worker = new Worker(opts.workerPath, { workerData: data, stdout: true, stderr: true })
    this.worker.on('message', (m) => this.onWorkerMessage(m))
    this.worker.on('error', (e) => this.emit({ type: 'error', error: { name: e.name, message: e.message, stack: e.stack } }))
    this.worker.on('exit', (code) =>
      this.emit({ type: 'error', error: { name: 'WorkerExit', message: `The action stopped unexpectedly (exit code ${code}).` } }),
    )
    // console output of the action becomes its log, like ctx.log.
    for (const stream of [this.worker.stdout, this.worker.stderr] as Readable[]) {
      createInterface({ input: stream }).on('line', (line) => this.emit({ type: 'log', message: line }))
    }
  }

  get view(): TxView {
    return toTxView(this.record)
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
  submit(seq: number, values: unknown[], choice?: string): void {
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
      return this.emit({ type: 'invalid', seq, values, errors: checks.map((c) => (c.ok ? null : c.error)) })
    }
    // JSON cannot hold undefined: an empty optional answer travels as null.
    const accepted = checks.map((c) => (c.ok && c.value !== undefined ? c.value : null))
    this.inFlight = { seq, values: accepted, ...(choice !== undefined ? { choice } : {}) }
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

  /** Cancels: the pending io call rejects with IOError CANCELED; the thread is stopped after a short grace. */
  cancel(): void {
    if (isFinished(this.record.status)) return
    this.emit({ type: 'canceled' })
    this.send({ type: 'cancel' })
    setTimeout(() => void this.worker.terminate(), this.opts.cancelGraceMs ?? 500).unref()
  }

  /**
   * Stops the worker without writing an end: used when the extension host shuts
   * down, so the next start marks the transaction interrupted (the truth).
   */
  abandon(): void {
    this.worker.removeAllListeners('exit')
    void this.worker.terminate()
  }

  private send(m: HostToWorker): void {
    try {
      this.worker.postMessage(m)
    } catch (e) {
      this.opts.trace?.(`tx ${this.id}: could not reach the worker: ${(e as Error).message}`)
    }
  }

  private onWorkerMessage(raw: unknown): void {
    const parsed = workerToHostSchema.safeParse(raw)
    if (!parsed.success) return this.opts.trace?.(`tx ${this.id}: dropped a malformed worker message: ${parsed.error.issues[0].message}`)
    const m = parsed.data
    switch (m.type) {
      case 'render':
        this.noteTables(m.components)
        return this.emit({ type: 'render', seq: m.seq, components: m.components, ...(m.choices ? { choices: m.choices } : {}) })
      case 'display':
        this.noteTables(m.components)
        return this.emit({ type: 'display', seq: m.seq, components: m.components })
      case 'update':
        return this.emit({ type: 'update', seq: m.seq, index: m.index, component: m.component })
      case 'accepted':
      case 'invalid': {
        const sent = this.inFlight
        if (sent?.seq !== m.seq) return
        this.inFlight = undefined
        return this.emit(
          m.type === 'accepted'
            ? { type: 'answer', seq: m.seq, values: sent.values, ...(sent.choice !== undefined ? { choice: sent.choice } : {}), ...(m.chosenRows ? { chosenRows: m.chosenRows } : {}) }
            : { type: 'invalid', seq: m.seq, values: sent.values, errors: m.errors, ...(m.formError ? { formError: m.formError } : {}) },
        )
      }
      case 'searchResults':
      case 'tableRows':
        return this.tell(m)
      case 'tableData':
        this.tables.set(m.dataId, m)
        return this.tell(m)
      case 'log':
        return this.emit({ type: 'log', message: m.message })
      case 'loading':
        return this.emit({ type: 'loading', state: m.state })
      case 'notify':
        return this.opts.onNotify?.(m)
      case 'result':
        return this.emit({ type: 'result', value: m.value })
      case 'error':
        return this.emit({ type: 'error', error: m.error })
      case 'canceled':
        return this.emit({ type: 'canceled' })
      case 'meta':
        return
    }
  }

  /** Writes an event, folds it into the state, tells listeners. Nothing is written after the end. */
  private emit(e: NewEvent): void {
    if (isFinished(this.record.status)) return
    applyEvent(this.record, this.log.append(e))
    const view = this.view
    for (const l of this.listeners) l(view)
    if (isFinished(this.record.status)) {
      this.resolveFinished(this.record)
      if (this.record.status !== 'canceled') void this.worker.terminate()
    }
  }
}
