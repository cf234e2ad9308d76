// Appends one transaction's events: one fd kept open, one write a line (so the
// cost does not grow with history and concurrent appenders never interleave
// inside a line), and the end made durable (off the main thread, with the other
// ends of the same turn: endSync.ts) before the index is told.
import { closeSync, openSync } from 'node:fs'
import { capValues, serializeEvent } from './caps'
import { PendingEnd } from './endSync'
import { EVENT_VERSION, TERMINAL, type NewEvent, type TxEvent } from './events'
import type { HistoryIndex } from './index-file'
import { writeAll } from './lines'
import { SearchText } from './search-text'

/** Past this many bytes in one log, log lines and refused answers are left out (screens, answers and the end never are). */
export const TX_BUDGET = 32 << 20

/** The claim a log is written under: checked before each write, dropped at the end. */
export interface Fence {
  /** Throws if another window has taken the transaction over. */
  check(): void
  ended(): void
}

export interface TxLogSinks {
  index: HistoryIndex
  /** search.tsv: the run's text is appended when it ends. */
  appendSearch: (line: string) => void
  /** Told once the run's end is on disk (the store stops counting it as written by this host). */
  ended?: (id: string) => void
}

export class TxLog {
  private fd?: number
  private written: number
  private dropped = { log: 0, invalid: 0 }
  private readonly text: SearchText
  private readonly budget: number
  /** True once the end is written: nothing more is appended. */
  ended = false
  /** The end, until it is on disk. */
  private end?: PendingEnd

  constructor(
    readonly id: string,
    readonly file: string,
    private readonly sinks: TxLogSinks,
    opts: { size?: number; text?: SearchText; budget?: number; fence?: Fence; resumed?: number } = {},
  ) {
    this.resumed = opts.resumed ?? 0
    this.written = opts.size ?? 0
    this.text = opts.text ?? new SearchText()
    this.budget = opts.budget ?? TX_BUDGET
    this.fence = opts.fence
  }

  private readonly fence?: Fence
  private resumed: number

  /**
   * Stamps and appends one event; it is in the kernel when this returns (it
   * survives the process being killed); an end is on disk once `synced()`
   * resolves. Throws only on disk errors. Returns the event as history keeps it
   * (values over the caps replaced by a note).
   */
  append(e: NewEvent, at = new Date().toISOString()): TxEvent {
    // Only the window holding the transaction's claim writes to its log (durable/claims.ts).
    this.fence?.check()
    const event = { v: EVENT_VERSION, tx: this.id, at, ...e } as TxEvent
    if ((event.type === 'log' || event.type === 'invalid') && this.written >= this.budget) {
      if (!this.dropped.log && !this.dropped.invalid) this.write(this.note(`History keeps at most ${this.budget >> 20} MB per run: later log lines and refused answers are left out.`))
      this.dropped[event.type]++
      return event
    }
    if (TERMINAL.has(event.type) && (this.dropped.log || this.dropped.invalid)) {
      this.write(this.note(`${this.dropped.log} log line(s) and ${this.dropped.invalid} refused answer(s) were left out of history (over ${this.budget >> 20} MB).`))
    }
    const kept = this.write(event.type === 'invalid' ? { ...event, values: capValues(event.values) } : event)
    if (TERMINAL.has(event.type)) this.finish(kept)
    else if (event.type === 'resumed') this.indexResume()
    return kept
  }

  private note(message: string): TxEvent {
    return { v: EVENT_VERSION, tx: this.id, at: new Date().toISOString(), type: 'log', message }
  }

  private write(event: TxEvent): TxEvent {
    const { line, capped } = serializeEvent(event)
    const kept = capped ? (JSON.parse(line) as TxEvent) : event
    const buf = Buffer.from(line + '\n')
    this.fd ??= openSync(this.file, 'a')
    writeAll(this.fd, buf)
    this.written += buf.length
    this.text.add(kept)
    return kept
  }

  /** History marks resumed runs: the index counts resumes (a cache, like the rest of it). */
  private indexResume(): void {
    try {
      this.sinks.index.appendResumed(this.id, ++this.resumed)
    } catch {
      // the log has it; a rebuilt index does not need it to list the run
    }
  }

  /**
   * The end goes to the group commit with the fd (closed once synced); what
   * depends on it being on disk (the index's end line, the search text, the
   * store and the claim letting go of the run) runs after the sync.
   */
  private finish(end: TxEvent): void {
    const fd = this.fd!
    this.fd = undefined
    this.ended = true
    this.end = new PendingEnd(fd, () => this.afterSync(end))
  }

  private afterSync(end: TxEvent): void {
    // The index and search text are caches of the log: if writing them fails, recovery rebuilds them from it.
    try {
      this.sinks.index.appendEnd(this.id, STATUS[end.type as keyof typeof STATUS], end.at)
      this.sinks.appendSearch(this.text.line(this.id))
    } catch {
      // repaired by HistoryStore.recover()
    }
    this.sinks.ended?.(this.id)
    try {
      this.fence?.ended()
    } catch {
      // a claim folder left behind is swept with the run
    }
  }

  /**
   * Resolves once the end is on disk and the index told (rejects if the disk
   * refused the sync); undefined while there is no end, or once it is settled:
   * every other line is in the kernel when append returns, which is all the
   * journal promises for them (engine.ts).
   */
  synced(): Promise<void> | undefined {
    return this.end && !this.end.settled ? this.end.done : undefined
  }

  /** The end on disk now, on this thread (recovery, Interrupt: their callers read the index next). */
  settleNow(): void {
    this.end?.settleNow()
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

const STATUS = { result: 'completed', error: 'failed', canceled: 'canceled', redirected: 'redirected', interrupted: 'interrupted', diverged: 'diverged' } as const
