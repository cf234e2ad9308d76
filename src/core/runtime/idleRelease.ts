// A transaction waiting for a person costs no thread (serve, Restate-style
// suspension): after `idleMs` at a prompt its worker is released; the next
// answer, search or table page starts a new worker that replays the journal
// kept here, in memory and with answers as given (sensitive ones too), back
// to the same prompt. Code between prompts runs again, as on any resume.
import { JournalBuilder, type Journal } from '../durable/journal'
import type { TxEvent } from '../history/events'

export class IdleRelease {
  private readonly journal = new JournalBuilder((_method, _sensitive, value) => ({ ok: true, value }))
  private timer?: NodeJS.Timeout
  /** The worker is gone; wake() before anything needs it. */
  released = false
  /** How many times the worker was released (for tests and the benchmark). */
  releases = 0

  constructor(
    readonly idleMs: number,
    /** A resumed run's journal so far: what the log held when it was taken over. */
    seed?: Journal,
  ) {
    if (seed) this.journal.seed(seed)
  }

  add(e: TxEvent): void {
    this.journal.add(e)
  }

  /**
   * Starts (or restarts) the idle clock when `waiting()`; stops it otherwise. Asked again when
   * the clock runs out: an answer sent meanwhile (its check under way in the worker) keeps the worker.
   */
  consider(waiting: () => boolean, release: () => void): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!waiting() || this.released) return
    this.timer = setTimeout(() => {
      if (!waiting()) return
      this.released = true
      this.releases++
      release()
    }, this.idleMs)
    this.timer.unref()
  }

  stop(): void {
    clearTimeout(this.timer)
  }

  /** What the next worker replays. */
  replay(): Journal {
    this.released = false
    return this.journal.build()
  }
}
