// What both shells (VS Code, serve) start as a transaction: an action file, a
// route of an Interval entry file, or a workflow file run as a transaction.
import type { ActionEntry } from '../discovery/entries'

export type RunnableEntry = ActionEntry & {
  /** A workflow file run as a transaction. */
  workflow?: boolean
}
