// History's commands: filter, search, show more, re-run, stop, delete, clear, export.
// Anything that destroys history asks first.
import * as vscode from 'vscode'
import { exportToFile, type ExportFormat } from '../core/history/export'
import type { HistoryStore } from '../core/history/store'
import { claimKey } from '../core/durable/claims'
import type { HistoryPanels } from './historyPanel'
import { askPerson, askSearch, pickFilter, type HistoryFilter } from './historyFilter'
import type { HistoryNode, HistoryTree } from './historyTree'
import type { Transactions } from './transactions'
import { workflowEntry } from './workflowEntry'

/** A command's target: a History row, or a transaction id (from a panel or a test). */
type Target = HistoryNode | string | undefined
// A server's run is not in this window's store: these commands never take one.
const idOf = (t: Target): string | undefined => (typeof t === 'string' ? t : t?.kind === 'run' && !t.server ? t.run.id : undefined)

export function registerHistoryCommands(deps: {
  store: HistoryStore
  tree: HistoryTree
  panels: HistoryPanels
  transactions: Transactions
  log: vscode.LogOutputChannel
}): vscode.Disposable[] {
  const { store, tree, panels, transactions, log } = deps
  const fail = (what: string, e: unknown): void => {
    log.error(`${what}: ${(e as Error).message}`)
    void vscode.window.showErrorMessage(`Mini Interval: ${what}: ${(e as Error).message}`)
  }

  async function rerun(target: Target): Promise<string | undefined> {
    const id = idOf(target)
    if (!id) return undefined
    try {
      const r = store.read(id)
      // A workflow runs again from its file, with the same input.
      if (r.workflow) return (await transactions.start(workflowEntry(r.action.file), r.params)).id
      return await vscode.commands.executeCommand<string | undefined>('miniInterval.runAction', r.action.slug, r.params)
    } catch (e) {
      fail('could not run it again', e)
      return undefined
    }
  }

  /**
   * Stops an unfinished run: this window's is canceled; one whose window is gone (left for
   * a workspace that is not open, say) is ended as interrupted; another open window's is left
   * to that window. Returns how it went.
   */
  async function stop(target: Target): Promise<'canceled' | 'interrupted' | 'elsewhere' | 'ended' | undefined> {
    const id = idOf(target)
    if (!id) return undefined
    const mine = transactions.get(id)
    if (mine) {
      mine.cancel(transactions.userName)
      return 'canceled'
    }
    if (store.claims.holder(claimKey('tx', id))) {
      void vscode.window.showInformationMessage('Mini Interval: this run belongs to another open VS Code window. Stop it there.')
      return 'elsewhere'
    }
    const by = transactions.userName
    if (store.interrupt(id, `stopped from History by ${by}: its window was gone`)) {
      log.info(`Transaction ${id} stopped from History (its window was gone)`)
      tree.refresh()
      return 'interrupted'
    }
    return 'ended'
  }

  async function remove(target: Target): Promise<boolean> {
    const id = idOf(target)
    if (!id) return false
    if (transactions.liveStatus(id)) {
      void vscode.window.showWarningMessage('Mini Interval: this transaction is still running. Cancel it before deleting it.')
      return false
    }
    const name = store.summary(id)?.actionName ?? id
    const ok = await vscode.window.showWarningMessage(`Delete this run of ${name} from History?`, { modal: true, detail: 'Its log is removed from disk. This cannot be undone.' }, 'Delete')
    if (ok !== 'Delete') return false
    try {
      store.delete([id])
      panels.close(id)
      tree.refresh()
      return true
    } catch (e) {
      fail('could not delete it', e)
      return false
    }
  }

  async function clear(): Promise<boolean> {
    const { total } = store.query({ limit: 0 })
    if (!total) return false
    const ok = await vscode.window.showWarningMessage(
      `Delete all ${total.toLocaleString()} runs from History?`,
      { modal: true, detail: 'Runs still in progress are kept. This cannot be undone.' },
      'Clear History',
    )
    if (ok !== 'Clear History') return false
    try {
      store.clear()
      panels.closeAll()
      tree.refresh()
      return true
    } catch (e) {
      fail('could not clear History', e)
      return false
    }
  }

  /** One run (a row or a panel), or with no target the runs the view shows now (its filter). */
  async function exportRuns(target: Target, format?: ExportFormat, file?: vscode.Uri): Promise<string | undefined> {
    const id = idOf(target)
    format ??= await pickFormat()
    if (!format) return undefined
    const name = id ? `${store.summary(id)?.slug.replace(/\W+/g, '-') ?? 'run'}-${id}` : 'mini-interval-history'
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri
    file ??= await vscode.window.showSaveDialog({
      title: id ? 'Export Run' : 'Export History',
      defaultUri: folder && vscode.Uri.joinPath(folder, `${name}.${format}`),
      filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
    })
    if (!file) return undefined
    try {
      const count = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Exporting history…', cancellable: false },
        () => exportToFile(store, id ? { ids: [id] } : tree.current, format, file!.fsPath),
      )
      log.info(`Exported ${count} run(s) as ${format.toUpperCase()} to ${file.fsPath}`)
      void vscode.window.showInformationMessage(`Mini Interval: exported ${count.toLocaleString()} run${count === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(file)}.`)
      return file.fsPath
    } catch (e) {
      fail('could not export', e)
      return undefined
    }
  }

  return [
    vscode.commands.registerCommand('miniInterval.filterHistory', async (given?: HistoryFilter) => {
      const f = given && typeof given === 'object' && !('kind' in given) ? given : await pickFilter(store, tree.current)
      if (f) tree.setFilter(f)
    }),
    vscode.commands.registerCommand('miniInterval.searchHistory', async (text?: string) => {
      const f = typeof text === 'string' ? { ...tree.current, text: text || undefined } : await askSearch(tree.current)
      if (f) tree.setFilter(f)
    }),
    vscode.commands.registerCommand('miniInterval.filterHistoryByPerson', async (email?: string) => {
      const f = typeof email === 'string' ? { ...tree.current, user: email.trim() || undefined } : await askPerson(tree.current)
      if (f) tree.setFilter(f)
    }),
    vscode.commands.registerCommand('miniInterval.clearHistoryFilter', () => tree.setFilter({})),
    vscode.commands.registerCommand('miniInterval.refreshHistory', () => tree.refresh()),
    vscode.commands.registerCommand('miniInterval.historyShowMore', () => tree.showMore()),
    vscode.commands.registerCommand('miniInterval.rerun', rerun),
    vscode.commands.registerCommand('miniInterval.deleteHistoryEntry', remove),
    vscode.commands.registerCommand('miniInterval.stopRun', stop),
    vscode.commands.registerCommand('miniInterval.clearHistory', clear),
    vscode.commands.registerCommand('miniInterval.exportHistory', (target?: Target, format?: ExportFormat, file?: vscode.Uri) => exportRuns(target, format, file)),
  ]
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'JSON', description: 'every prompt, answer, log and result', format: 'json' as const },
      { label: 'CSV', description: 'one row per run, for a spreadsheet', format: 'csv' as const },
    ],
    { title: 'Export as' },
  )
  return picked?.format
}
