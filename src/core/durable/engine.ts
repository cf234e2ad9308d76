// The seam between transactions and where their journals live. A transaction
// (runtime/transaction.ts) only creates a journal, appends to it, and, when
// its window went away, is reopened from it; the shell only lists what is left
// to resume and takes actions' one-instance locks. Locally this is the
// History store (history/store.ts) with claims and leases on disk; a team
// server implements the same interface on Restate (its journal, awakeables
// for prompts, virtual-object locks for singletons).
import type { NewEvent, StartedEvent, TxEvent } from '../history/events'
import type { TxStatus } from '../protocol'
import type { ClaimInfo } from './claims'
import type { Journal } from './journal'
import type { TxRecord } from '../history/record'

/** A transaction's journal, written by the one owner holding it. */
export interface JournalLog {
  /** Appends one event; throws if the write fails or another owner took the transaction over. */
  append(e: NewEvent): TxEvent
  readonly ended: boolean
  /**
   * Resolves once every event appended so far is durable; undefined (or the
   * method absent) when they are already, so the caller goes on at once. The
   * local log's lines are durable when append returns (in the kernel: they
   * survive the process) except its end, which is fdatasync'ed off the main
   * thread with the other ends of the same turn (history/endSync.ts).
   * Restate's journal is written asynchronously. The worker's
   * acknowledgements wait for this, and so does telling anyone a run ended.
   */
  synced?(): Promise<void> | undefined
}

export interface ReopenedRun {
  log: JournalLog
  /** The transaction as its journal leaves it (its feed, answers and the screen it waits on). */
  record: TxRecord
  /** What replay walks (journal.ts). */
  journal: Journal
  /** Journaled events so far (capped at JOURNAL_LIMIT). */
  journaled: number
}

/** Held until released; the engine frees it when its holder is gone. */
export interface Lock {
  release(): void
}

export interface DurableEngine {
  /** Opens a new transaction's journal, held by this owner until it ends. */
  create(id: string, started: Omit<StartedEvent, 'v' | 'tx' | 'at' | 'type'>): { log: JournalLog; event: StartedEvent }
  /** Takes over a transaction whose owner is gone, to resume it; or says why not. */
  reopen(id: string): ReopenedRun | { heldBy: ClaimInfo } | { ended: TxStatus } | { error: string }
  /** Unfinished transactions whose owners are gone (`orphans`, to resume) and those ended as interrupted. */
  recover(): { orphans: string[]; interrupted: string[]; problems: string[] }
  /** Ends an unfinished transaction that will not be resumed; false if another owner holds it or it ended. */
  interrupt(id: string, reason: string): boolean
  /** An action's one-instance lock. */
  lock(name: string, owner: string | undefined, info: { tx: string; user: string }): Lock | { heldBy: ClaimInfo }
  /** Stores an uploaded file's bytes; returns their key. */
  putBlob(bytes: Uint8Array): string
}
