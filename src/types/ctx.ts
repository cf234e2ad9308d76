// The published type of `ctx` (the runtime's is src/core/runtime/ctx.ts;
// test/unit/types-conformance.ts checks the runtime has all of this).

export interface User {
  email: string
  firstName: string
  lastName: string
  role?: string
  teams?: string[]
}

/** A loader: its label, or `{ label?, description?, itemsInQueue? }` (`itemsInQueue` shows "3 of 10" with a bar). */
export type LoadingInput = string | { label?: string; description?: string; itemsInQueue?: number }

export interface Ctx {
  /** Who runs the action: from the workspace's git config, else the OS user. */
  readonly user: User
  /** What the transaction was started with: a link's or redirect's `params`, or a re-run's. */
  readonly params: Record<string, unknown>
  /** The `miniInterval.environment` setting: `development` by default. */
  readonly environment: string
  readonly organization: { name: string; slug: string }
  /** The running action. */
  readonly action: { slug: string; url: string }
  /** Appends to the transaction's log (objects as JSON); shown live and kept in History. */
  log(...values: unknown[]): void
  /** A loader shown while the action works between prompts; it clears at the next prompt. */
  readonly loading: {
    /** Shows a loader (and restarts its count). */
    start(input?: LoadingInput): void
    /** Changes the loader, keeping its count. */
    update(input?: LoadingInput): void
    /** One more of `itemsInQueue` is done. */
    completeOne(): void
  }
  /**
   * Tells people how it went: a VS Code notification, a browser notification on a team's server,
   * or a JSON POST (a Slack-compatible body) to a webhook URL. `to`: emails, team names or
   * webhook URLs (at most 50); absent, the person running it (a scheduled run's owner).
   * A resumed transaction does not send again what it sent before.
   */
  notify(n: { message: string; title?: string; to?: string | string[]; delivery?: unknown }): void
  /**
   * Queues action `slug` in an Inbox: of `assignee` (an email), of a `team`, or, with neither, of
   * everyone who may run it. Opening it there starts the action with `params`. Resolves with the
   * queued item's id once it is stored; rejects if it cannot be (an unknown action, say). A resumed
   * transaction gets the same id back without queuing it again.
   */
  enqueue(slug: string, options?: EnqueueOptions): Promise<{ id: string }>
  /**
   * Ends the transaction by opening a web page (`url`) or starting another
   * action (`route`, with `params`). The handler runs on, but io calls reject.
   * Resolves false if the transaction was already closed or redirected.
   */
  redirect(target: { url: string } | { route: string; params?: Record<string, unknown> }): Promise<boolean>
  /**
   * A durable step: `fn` runs once and its result (made JSON) is journaled. If VS Code reloads or
   * crashes later, the transaction resumes and this returns the journaled result without calling
   * `fn` again. Put side effects between prompts (a refund, an email) in a step: code outside
   * steps runs again on resume. A crash *inside* a step runs it again (at least once).
   * Throw `TerminalError` to fail at once without retries.
   */
  run<T>(name: string, fn: () => T | Promise<T>, options?: RunOptions): Promise<T>
  /** `Date.now()`, journaled: a resumed transaction gets the same time back. */
  now(): number
  /** `Math.random()`, journaled: a resumed transaction gets the same number back. */
  random(): number
}

/** What ctx.enqueue queues besides the action. */
export interface EnqueueOptions {
  /** The params the action starts with when it is opened. */
  params?: Record<string, unknown>
  /** The email of the person whose Inbox it goes to. */
  assignee?: string
  /** The team whose members' Inboxes it goes to. */
  team?: string
  /** What the Inbox shows; the action's name by default. */
  title?: string
}

export interface RunOptions {
  retry?: {
    /** Attempts in all, the first included (default 1: no retry). After the last, the step's error is thrown. */
    maxAttempts?: number
    /** Wait before the second attempt, in ms (default 100). */
    initialDelayMs?: number
    /** Each later wait is the previous times this (default 2). */
    factor?: number
    /** No wait is longer than this, in ms (default 60,000). */
    maxDelayMs?: number
  }
}
