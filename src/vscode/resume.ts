// Resumes the transactions a window left unfinished when it reloaded, closed
// or crashed: those of this workspace's action files. Others' are left for
// their own workspace's window (History shows them running until then).
import * as vscode from 'vscode'
import type { HistoryStore } from '../core/history/store'
import type { ActionIndex } from './actionIndex'
import { existsSync } from 'node:fs'
import type { Transactions } from './transactions'
import { workflowEntry } from './workflowEntry'

export interface ResumeDeps {
  index: ActionIndex
  transactions: Transactions
  history: HistoryStore
  log: vscode.LogOutputChannel
  /** Settles when the first search for actions has finished: entries are found by then. */
  indexed: Promise<void>
}

export function orphanResumer({ index, transactions, history, log, indexed }: ResumeDeps): (ids: string[]) => void {
  /** Runs already told about (a broken file), so recovery every few seconds does not repeat it. */
  const told = new Set<string>()
  /**
   * What each run's start says about its action (it never changes): recovery lists another
   * workspace's runs every few seconds, and their logs are read once, not each time.
   */
  const started = new Map<string, { action: { file: string; slug: string; name: string }; workflow: boolean }>()
  const startOf = (id: string) => {
    let s = started.get(id)
    if (!s) {
      const r = history.read(id)
      started.set(id, (s = { action: r.action, workflow: !!r.workflow }))
    }
    return s
  }
  const resumeOne = async (id: string): Promise<void> => {
    if (transactions.get(id)) return
    const r = startOf(id)
    const file = r.action.file
    if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))) return
    // A workflow run is found by its file; an action by its slug (and file).
    const entry = r.workflow ? (existsSync(file) ? workflowEntry(file) : undefined) : index.find(r.action.slug)
    if (!entry || entry.file.file !== file) {
      // Its action is gone: nothing can replay it, so it ends, and says why.
      if (history.interrupt(id, `its action "${r.action.slug}" is no longer in ${vscode.workspace.asRelativePath(file)}, so it could not be resumed`)) {
        log.warn(`Transaction ${id} interrupted: ${r.action.slug} is no longer in ${file}`)
      }
      return
    }
    if (entry.state === 'broken') {
      // Left as it is: it resumes once the file loads again.
      if (!told.has(id)) void vscode.window.showWarningMessage(`Mini Interval: ${r.action.name} will resume once ${entry.file.relPath} loads again: ${entry.error?.split('\n', 1)[0] ?? 'it cannot be loaded'}`)
      told.add(id)
      return
    }
    await transactions.resume(entry, id)
  }
  return (ids) => {
    if (!vscode.workspace.isTrusted) return log.info(`${ids.length} unfinished transaction(s) wait for this workspace to be trusted before they resume`)
    void indexed.then(async () => {
      for (const id of ids) {
        try {
          await resumeOne(id)
        } catch (e) {
          log.error(`Transaction ${id} could not be resumed: ${(e as Error).message}`)
        }
      }
    })
  }
}
