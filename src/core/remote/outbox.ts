// What a panel sends to a server's transaction, in the order the person did
// it. Drafts (one per keystroke) are coalesced into the newest after a short
// delay, and an answer drops the draft it supersedes. A server that cannot be
// reached keeps the message first in line until `flush()` (its stream is back);
// one that refuses a message (4xx) drops it and says so.
import type { WebviewToHost } from '../protocol'
import { ServerError } from './client'

export const DRAFT_DELAY_MS = 300

export interface OutboxHooks {
  /** The server refused `m` (it is dropped). */
  refused(m: WebviewToHost, error: Error): void
  /** The server could not be reached: `m` waits for the next flush. */
  waiting?(m: WebviewToHost, error: Error): void
}

export class Outbox {
  private readonly queue: WebviewToHost[] = []
  private sending = false
  private draft?: WebviewToHost
  private draftTimer?: ReturnType<typeof setTimeout>
  private closed = false

  constructor(
    private readonly deliver: (m: WebviewToHost) => Promise<void>,
    private readonly hooks: OutboxHooks,
    private readonly draftDelayMs = DRAFT_DELAY_MS,
  ) {}

  push(m: WebviewToHost): void {
    if (this.closed) return
    if (m.type === 'draft') {
      this.draft = m
      clearTimeout(this.draftTimer)
      this.draftTimer = setTimeout(() => this.releaseDraft(), this.draftDelayMs)
      return
    }
    // An answer supersedes what was typed for it.
    if (m.type === 'submit') this.dropDraft()
    else this.releaseDraft()
    this.queue.push(m)
    void this.flush()
  }

  /** Messages not delivered yet (a pending draft included). */
  get pending(): number {
    return this.queue.length + (this.draft ? 1 : 0)
  }

  /** Sends what waits, in order; resolves when the queue is empty or the server is unreachable. */
  async flush(): Promise<void> {
    if (this.sending || this.closed) return
    this.sending = true
    try {
      while (this.queue.length && !this.closed) {
        const m = this.queue[0]!
        try {
          await this.deliver(m)
        } catch (e) {
          if (e instanceof ServerError && e.status === 0) {
            this.hooks.waiting?.(m, e)
            return
          }
          this.queue.shift()
          this.hooks.refused(m, e as Error)
          continue
        }
        this.queue.shift()
      }
    } finally {
      this.sending = false
    }
  }

  /** Stops sending; returns the draft not sent yet (its last words may still go out once). */
  close(): WebviewToHost | undefined {
    this.closed = true
    const draft = this.draft
    this.dropDraft()
    this.queue.length = 0
    return draft
  }

  private releaseDraft(): void {
    const d = this.draft
    this.dropDraft()
    if (d) {
      this.queue.push(d)
      void this.flush()
    }
  }

  private dropDraft(): void {
    clearTimeout(this.draftTimer)
    this.draft = undefined
  }
}
