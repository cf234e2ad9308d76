// Queued actions (Interval's QueuedAction): an action waiting in a person's or
// a team's Inbox, with its params. Opening one starts its transaction with the
// run id fixed when it was queued, so opening it twice, or from two places,
// never starts two runs; a run already going (a scheduled run waiting for its
// owner, a workflow's human step) is shown instead. This is the one contract
// every store (the data folder's, Restate's, the extension's global storage)
// and every shell (serve's routes, the browser, VS Code) shares.

export type QueueState = 'waiting' | 'started' | 'done' | 'withdrawn'

/** Where a queued action came from (History and the Inbox say so). */
export type QueueSource =
  | { kind: 'ctx'; tx: string } // ctx.enqueue in transaction `tx`
  | { kind: 'person' } // the Inbox's "Queue…" button, History's detail button, or a command
  | { kind: 'workflow'; tx: string; step: string } // a workflow's human step with an assignee or a team
  | { kind: 'schedule'; schedule: string; tx: string } // a scheduled run (scheduleMode 'queue') waiting for its owner

export interface QueuedAction {
  id: string
  slug: string
  params: Record<string, unknown>
  /** An email. With neither assignee nor team, anyone who may run the action sees it. */
  assignee?: string
  team?: string
  /** What the Inbox shows; default the action's name. */
  title?: string
  /** Email of who queued it (a schedule's owner for a scheduled run). */
  createdBy: string
  createdAt: string
  /** The transaction that opening it starts, or shows when it is already going. */
  runId: string
  source: QueueSource
  state: QueueState
  startedBy?: string
  startedAt?: string
  /** When its run ended (state done) or it was withdrawn. */
  endedAt?: string
  /** How its run ended (a TxStatus), once done. */
  outcome?: string
}

export interface QueueRequest {
  slug: string
  params?: Record<string, unknown>
  assignee?: string
  team?: string
  title?: string
  /** Fixed by the caller when it must be the same across a replay or a restart (ctx.enqueue: `<tx>-q<n>`); else made. */
  id?: string
  /** Default: `q-<id>`-derived; a workflow step or a scheduled run passes its own transaction's id. */
  runId?: string
  source: QueueSource
}

/** Who is asking: their inbox holds what is assigned to them, to one of their teams, or to nobody in particular. */
export interface InboxReader {
  email: string
  teams: readonly string[]
}

/**
 * The store of queued actions. Every method is idempotent where it can be:
 * `add` with a known id returns the item as it is; `start`/`finish` of an item
 * in a later state change nothing.
 */
export interface QueueStore {
  add(req: QueueRequest, by: string): Promise<QueuedAction>
  get(id: string): Promise<QueuedAction | undefined>
  /** Items still to do (waiting or started) that `reader` should see; all of them when absent. Newest first. */
  open(reader?: InboxReader): Promise<QueuedAction[]>
  /** The item whose run is `runId`, if any (to mark it done when the run ends). */
  byRun(runId: string): Promise<QueuedAction | undefined>
  /** Marks it started by `by` (opening it); false if it is withdrawn or done. */
  start(id: string, by: string): Promise<QueuedAction | undefined>
  /** Its run ended with `outcome` (a TxStatus): it leaves every Inbox. */
  finish(id: string, outcome: string): Promise<void>
  /** Its creator (or an admin) withdraws it; false if it was already started or done. */
  withdraw(id: string, by: string): Promise<boolean>
  /** Told after any change (this process's, or another's on the same store). */
  onChange(f: () => void): () => void
}

/** Whether `reader` is who the item is for. */
export function isFor(item: Pick<QueuedAction, 'assignee' | 'team'>, reader: InboxReader): boolean {
  if (item.assignee) return item.assignee.toLowerCase() === reader.email.toLowerCase()
  if (item.team) return reader.teams.includes(item.team)
  return true
}
