// The palette and tree commands.
import * as vscode from 'vscode'
import type { TreeNode } from '../core/discovery/actionTree'
import type { ActionEntry, ActionIndex } from './actionIndex'
import type { HistoryPanels } from './historyPanel'
import type { Transactions } from './transactions'
import type { WorkflowIndex } from './workflowIndex'
import { workflowPickItem, type WorkflowPick } from './workflowItems'
import { waitWithNotice } from '../core/slowWait'
import { epochNow } from '../core/trace/tracer'
import { createExample, newAction } from './newAction'

export function registerCommands(deps: {
  index: ActionIndex
  /** Listed in the Run Action quick pick too; picking one runs `miniInterval.runWorkflow`. */
  workflows?: WorkflowIndex
  transactions: Transactions
  historyPanels: HistoryPanels
  log: vscode.LogOutputChannel
  /** The first search for actions: until it ends, "no such action" would be wrong. */
  indexed: Promise<void>
}): vscode.Disposable[] {
  const { index, workflows, transactions, historyPanels, log, indexed } = deps

  /** From the tree (a node), a test or link (a slug or path), a file (a Uri), or nothing (a quick pick). */
  async function runAction(arg?: TreeNode | string | vscode.Uri, params?: Record<string, unknown>): Promise<string | undefined> {
    // The click (tree, link, command): traced from here; a quick pick's from its Enter.
    let clickedAt = epochNow()
    await firstIndex(indexed)
    let entry: ActionEntry | undefined
    if (arg instanceof vscode.Uri) entry = index.find(arg.fsPath)
    else if (typeof arg === 'string') entry = index.find(arg)
    else if (arg?.kind === 'action') entry = index.find(arg.key ?? arg.file.file)
    else {
      const picked = await pickAction(index, workflows)
      if (picked && 'workflow' in picked) return vscode.commands.executeCommand<string | undefined>('miniInterval.runWorkflow', vscode.Uri.file(picked.workflow.file.file))
      entry = picked?.entry
      clickedAt = epochNow()
    }
    if (!entry) {
      if (arg) void vscode.window.showErrorMessage(`Mini Interval: no action "${typeof arg === 'string' ? arg : String(arg)}".`)
      return undefined
    }
    if (entry.state === 'broken') {
      void vscode.window.showErrorMessage(`Mini Interval: ${entry.file.relPath} cannot be run: ${entry.error}`)
      return undefined
    }
    try {
      return (await transactions.start(entry, params, undefined, clickedAt)).id
    } catch (e) {
      log.error(`Could not start ${entry.slug}: ${(e as Error).message}`)
      void vscode.window.showErrorMessage(`Mini Interval: could not start ${entry.name ?? entry.slug}: ${(e as Error).message}`)
      return undefined
    }
  }

  return [
    vscode.commands.registerCommand('miniInterval.runAction', runAction),
    vscode.commands.registerCommand('miniInterval.refreshActions', () => Promise.all([index.refresh(), workflows?.refresh()])),
    vscode.commands.registerCommand('miniInterval.showLog', () => log.show()),
    vscode.commands.registerCommand('miniInterval.openHistoryEntry', (id: string) => {
      if (!transactions.show(id)) historyPanels.show(id)
    }),
    vscode.commands.registerCommand('miniInterval.createExampleAction', createExample),
    vscode.commands.registerCommand('miniInterval.newAction', newAction),
  ]
}

async function pickAction(index: ActionIndex, workflows?: WorkflowIndex): Promise<{ entry: ActionEntry } | WorkflowPick | undefined> {
  const actions = index.listed().map((e) => ({
    label: `${e.state === 'broken' ? '$(error) ' : ''}${e.name ?? e.slug}`,
    description: e.state === 'broken' ? 'cannot be loaded' : e.description,
    detail: e.state === 'broken' ? e.error?.split('\n', 1)[0] : e.file.relPath,
    entry: e,
  }))
  await workflows?.ready
  const items = [...actions, ...(workflows?.all().map(workflowPickItem) ?? [])]
  if (!items.length) {
    const create = 'Create Example Action'
    const choice = await vscode.window.showInformationMessage('Mini Interval found no action files in this workspace.', create)
    if (choice === create) await vscode.commands.executeCommand('miniInterval.createExampleAction')
    return undefined
  }
  return vscode.window.showQuickPick(items, { placeHolder: 'Run which action?', matchOnDescription: true, matchOnDetail: true })
}

/** Waits for the first index; after half a second says so, in a notification that ends with it. */
function firstIndex(indexed: Promise<void>): Promise<void> {
  return waitWithNotice(indexed, 500, (done) => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Mini Interval: looking for actions…' }, () => done)
  })
}
