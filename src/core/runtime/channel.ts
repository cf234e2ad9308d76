// The worker's side of io: posts screens to the host, turns answers into the
// action's values, runs the action's validators, answers searches.
import { IOError } from './errors'
import { runValidators, type IOChannel, type PreparedCall, type Screen } from './io'
import { FieldError, METHOD_IMPLS, SearchState } from './methods'
import { gzipSync } from 'node:zlib'
import { methodName, type TableQuery, type TableRowsPayload, type TableRowsWire } from '../protocol'
import type { Page } from './methods/types'
import type { WorkerToHost } from './workerMessages'
import type { JournalEntry } from '../durable/journal'
import { never, Replay, screenHash } from '../durable/replay'

/** Rows as they travel: JSON text, gzipped (level 1: fast, about a fifth of the size) once it is large enough that carrying it costs more than inflating it. */
function encodeRows(rows: TableRowsWire): TableRowsPayload {
  const json = JSON.stringify(rows)
  return json.length < GZIP_FROM ? { json } : { gzip: gzipSync(json, { level: 1 }).toString('base64') }
}
const GZIP_FROM = 2 * 1024 * 1024
/** Rows sent ahead of the rest: more than a screen, little enough to arrive at once. */
const FIRST_ROWS = 500

/** Selecting all of 100,000 rows should not write them all to the history log. */
const MAX_LOGGED_ROWS = 1000

/** The cells of the rows chosen in each select table (by call index), for the log: the answer holds only indexes. */
function chosenRowsOf(calls: PreparedCall[], values: unknown[]): Record<string, TableRowsWire> | undefined {
  const out: Record<string, TableRowsWire> = {}
  calls.forEach((call, i) => {
    const picked = values[i]
    if (call.component.method === 'SELECT_TABLE' && call.rows && Array.isArray(picked)) out[i] = { rows: call.rows.pick(picked.slice(0, MAX_LOGGED_ROWS)).rows! }
  })
  return Object.keys(out).length ? out : undefined
}

/** How the channel journals: the replay cursor, and a post that resolves once the host has the message in the log. */
export interface ChannelDurability {
  replay: Replay
  journal(m: WorkerToHost): Promise<void>
}

type Answer = NonNullable<Extract<JournalEntry, { kind: 'screen' }>['answer']>

/** For each io.search of a screen: which search and position produced each chosen key (journaled, see replayAnswer). */
function searchedOf(calls: PreparedCall[], values: unknown[]): Record<string, { query: string | null; pos: number }[]> | undefined {
  const out: Record<string, { query: string | null; pos: number }[]> = {}
  calls.forEach((call, i) => {
    const state = call.state
    if (!(state instanceof SearchState) || values[i] === null || values[i] === undefined) return
    const keys = (Array.isArray(values[i]) ? values[i] : [values[i]]) as string[]
    out[i] = keys.map((k) => state.origin.get(k) ?? { query: null, pos: 0 })
  })
  return Object.keys(out).length ? out : undefined
}

/** Wire answers → the action's values; `validate` runs the action's validators (not on replay: they passed). */
async function mapAnswer(screen: Screen, values: unknown[], validate: boolean): Promise<{ mapped: unknown[]; errors: (string | null)[] }> {
  const errors: (string | null)[] = screen.calls.map(() => null)
  const mapped = await Promise.all(
    screen.calls.map(async (call, i) => {
      const raw = values[i]
      if (raw === null && (call.component.optional || call.component.method.startsWith('DISPLAY_'))) return call.component.optional ? undefined : null
      try {
        const value = await METHOD_IMPLS[call.component.method].fromWire(raw, call.state, !!call.component.multiple)
        if (validate) errors[i] = (await runValidators(call.validators, value)) ?? null
        return value
      } catch (e) {
        if (!(e instanceof FieldError)) throw e
        errors[i] = e.message
        return undefined
      }
    }),
  )
  return { mapped, errors }
}

export class WorkerChannel implements IOChannel {
  private pending?: { seq: number; screen: Screen; resolve(v: unknown): void; reject(e: unknown): void }
  private closed = false
  /** getData of every table and grid shown so far: the feed's stay live until the transaction ends. */
  private readonly queries = new Map<string, (q: TableQuery) => Promise<Page>>()

  private readonly replay: Replay
  private readonly journal: (m: WorkerToHost) => Promise<void>

  constructor(
    private readonly post: (m: WorkerToHost) => void,
    durability?: ChannelDurability,
  ) {
    this.replay = durability?.replay ?? new Replay(undefined, () => {})
    this.journal = durability?.journal ?? (async (m) => post(m))
  }

  ask(screen: Screen): Promise<unknown> {
    if (this.replay.isStopped) return never()
    if (this.closed) return Promise.reject(new IOError('TRANSACTION_CLOSED', 'The transaction is closed.'))
    if (this.pending) {
      return Promise.reject(new Error('Only one io call can wait for an answer at a time: await each call before making the next, or use io.group.'))
    }
    const { seq, entry } = this.replay.next()
    const components = screen.calls.map((c) => c.component)
    const hash = screenHash(components)
    if (entry) {
      if (this.replay.mismatch(seq, entry, 'screen', components, hash)) return never()
      // Answered before the window went away: the same answer again, nothing shown.
      if (entry.kind === 'screen' && entry.answer && !entry.askAgain) return this.replayAnswer(seq, screen, entry.answer)
    }
    try {
      const rest = screen.calls.map((call) => this.sendRows(call))
      this.post({ type: 'render', seq, components, ...(screen.choices ? { choices: screen.choices } : {}), ...(hash ? { hash } : {}) })
      rest.forEach((send) => send?.())
    } catch (e) {
      return Promise.reject(e) // a renderCell or rowMenuItems that throws fails the call
    }
    screen.calls.forEach((call, index) => this.follow(seq, index, call))
    const answered = new Promise((resolve, reject) => (this.pending = { seq, screen, resolve, reject }))
    const early = this.early
    this.early = undefined
    if (early?.seq === seq) void this.answer(early.seq, early.values, early.choice)
    return answered
  }

  /**
   * An answer to a screen this worker has not reached yet: a resumed run shows
   * its waiting screen from the log at once, so the person may answer while
   * the replay is still on its way there. It is taken when the screen comes.
   */
  private early?: { seq: number; values: unknown[]; choice: string | undefined }

  show(call: PreparedCall): void {
    if (this.closed) throw new IOError('TRANSACTION_CLOSED', 'The transaction is closed.')
    const { seq, entry } = this.replay.next()
    if (entry) {
      if (this.replay.mismatch(seq, entry, 'display', [call.component], undefined)) return void (this.closed = true)
      // Already in the feed: only a table's rows go again, for a panel that draws it.
      return void this.sendRows(call)?.()
    }
    const rest = this.sendRows(call)
    this.post({ type: 'display', seq, components: [call.component] })
    rest?.()
    this.follow(seq, 0, call)
  }

  /**
   * A table's rows go ahead of the screen; a getData table is remembered for its page requests.
   * A large table sends its first rows at once, so it is drawn while the rest (returned, to send
   * after the screen) is encoded and carried; the panel keeps searching and sorting off till then.
   */
  private sendRows(call: PreparedCall): (() => void) | undefined {
    const dataId = call.component.props.dataId
    if (typeof dataId !== 'string') return undefined
    if (call.query) this.queries.set(dataId, call.query)
    const source = call.rows
    if (!source) return undefined
    const sendAll = (): void => this.post({ type: 'tableData', dataId, ...encodeRows(source.slice(0, source.count)) })
    if (source.count <= FIRST_ROWS) {
      sendAll()
      return undefined
    }
    this.post({ type: 'tableData', dataId, ...encodeRows(source.slice(0, FIRST_ROWS)) })
    // Posted messages are on their way at once: the host shows the first rows while this thread encodes the rest.
    return sendAll
  }

  /** Re-sends a component whose values arrive later (metadata promises). */
  private follow(seq: number, index: number, call: PreparedCall): void {
    call.later?.((props) => {
      if (!this.closed) this.post({ type: 'update', seq, index, component: { ...call.component, props } })
    })
  }

  /** An answer the host already checked: map it back, validate, then resume the action or refuse. */
  async answer(seq: number, values: unknown[], choice: string | undefined): Promise<void> {
    const pending = this.pending
    if (!pending && this.replay.replaying) return void (this.early = { seq, values, choice })
    if (pending?.seq !== seq) return
    const { screen } = pending
    try {
      const { mapped, errors } = await mapAnswer(screen, values, true)
      const result = screen.shape(mapped, choice)
      const formError = errors.some(Boolean) ? undefined : await runValidators(screen.validators, result)
      if (this.pending !== pending) return
      if (errors.some(Boolean) || formError) {
        this.post({ type: 'invalid', seq, errors, ...(formError ? { formError } : {}) })
        return
      }
      this.pending = undefined
      const chosenRows = chosenRowsOf(screen.calls, values)
      const searched = searchedOf(screen.calls, values)
      // The action goes on only once its answer is in the log: a crash after this never asks again.
      await this.journal({ type: 'accepted', seq, ...(chosenRows ? { chosenRows } : {}), ...(searched ? { searched } : {}) })
      pending.resolve(result)
    } catch (e) {
      // A validator or a value reader threw: that fails the io call in the action.
      if (this.pending === pending) this.pending = undefined
      pending.reject(e)
    }
  }

  /**
   * A journaled answer, mapped back as the first time (validators are not run
   * again: they passed). If it no longer means the same (a chosen search result
   * or table row is not there any more), the run stops diverged.
   */
  private async replayAnswer(seq: number, screen: Screen, answer: Answer): Promise<unknown> {
    const values = [...answer.values]
    const diverge = (i: number, what: string): Promise<never> => {
      const c = screen.calls[i].component
      this.replay.stop(seq, `${methodName(c.method)} ${JSON.stringify(c.label)} with the ${what} chosen before`, `the same call, where the ${what} chosen before ${what === 'rows' ? 'are' : 'is'} no longer shown`)
      return never()
    }
    for (const [i, picks] of Object.entries(answer.searched ?? {})) {
      const state = screen.calls[Number(i)]?.state
      if (!(state instanceof SearchState)) return diverge(Number(i), 'result')
      const keys = await Promise.all(picks.map((p) => state.replayKey(p)))
      if (keys.some((k) => k === undefined)) return diverge(Number(i), 'result')
      values[Number(i)] = screen.calls[Number(i)].component.multiple ? keys : keys[0]
    }
    const rows = chosenRowsOf(screen.calls, values)
    if (JSON.stringify(rows ?? {}) !== JSON.stringify(answer.chosenRows ?? {})) {
      return diverge(screen.calls.findIndex((c) => c.component.method === 'SELECT_TABLE'), 'rows')
    }
    const { mapped, errors } = await mapAnswer(screen, values, false)
    const bad = errors.findIndex(Boolean)
    if (bad >= 0) return diverge(bad, 'value')
    return screen.shape(mapped, answer.choice)
  }

  /** Calls the action's onSearch for one io.search on the current screen. */
  async search(seq: number, index: number, requestId: number, query: string): Promise<void> {
    const state = this.pending?.seq === seq ? this.pending.screen.calls[index]?.state : undefined
    if (!(state instanceof SearchState)) return
    try {
      this.post({ type: 'searchResults', seq, index, requestId, results: await state.search(query) })
    } catch (e) {
      this.post({ type: 'searchResults', seq, index, requestId, results: [], error: e instanceof Error ? e.message : String(e) })
    }
  }

  /** Calls the action's getData for a page of a table or grid shown in this transaction. */
  async tableQuery(dataId: string, requestId: number, query: TableQuery): Promise<void> {
    const get = this.queries.get(dataId)
    if (!get || this.closed) return
    try {
      const page = await get(query)
      this.post({ type: 'tableRows', dataId, requestId, ...page })
    } catch (e) {
      this.post({ type: 'tableRows', dataId, requestId, data: {}, error: e instanceof Error ? e.message : String(e) })
    }
  }

  get isClosed(): boolean {
    return this.closed
  }

  cancel(): void {
    this.close(new IOError('CANCELED', 'The transaction was canceled.'))
  }

  /** No more io: the pending call (if any) rejects with `reason`, later ones with TRANSACTION_CLOSED. */
  close(reason = new IOError('TRANSACTION_CLOSED', 'The transaction is closed.')): void {
    this.closed = true
    const pending = this.pending
    this.pending = undefined
    pending?.reject(reason)
  }
}
