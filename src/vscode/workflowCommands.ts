// Running a workflow: one command, `miniInterval.runWorkflow`, behind the
// tree's ▶, the Run Action quick pick and the `▶ Run workflow` lens at the top
// of each workflow file. A broken workflow never starts; the engine
// (transactions.startWorkflow) refuses an untrusted workspace.
import * as vscode from 'vscode'
import type { TreeNode } from '../core/discovery/actionTree'
import { registerRunLenses, type LensSource } from './codeLens'
import type { Transactions } from './transactions'
import type { WorkflowEntry, WorkflowIndex } from './workflowIndex'
import { workflowLabel, workflowPickItem } from './workflowItems'

export function registerWorkflowCommands(deps: { workflows: WorkflowIndex; transactions: Transactions; log: vscode.LogOutputChannel }): vscode.Disposable[] {
  const { workflows, transactions, log } = deps

  /** From the tree (a node), the lens (a Uri), a test (a slug or path), or nothing (a quick pick). Returns the run's transaction id. */
  async function runWorkflow(arg?: TreeNode | string | vscode.Uri): Promise<string | undefined> {
    await workflows.ready
    let entry: WorkflowEntry | undefined
    if (arg instanceof vscode.Uri) entry = workflows.find(arg.fsPath)
    else if (typeof arg === 'string') entry = workflows.find(arg)
    else if (arg?.kind === 'action') entry = workflows.find(arg.file.file)
    else entry = await pickWorkflow(workflows)
    if (!entry) {
      if (arg) void vscode.window.showErrorMessage(`Mini Interval: no workflow "${typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : arg.id}".`)
      return undefined
    }
    if (entry.state === 'broken') {
      void vscode.window.showErrorMessage(`Mini Interval: ${entry.file.relPath} cannot run: ${entry.problems[0]?.message}`)
      return undefined
    }
    try {
      return (await transactions.startWorkflow(entry.file.file)).id
    } catch (e) {
      log.error(`Could not start workflow ${entry.slug}: ${(e as Error).message}`)
      void vscode.window.showErrorMessage(`Mini Interval: could not start ${workflowLabel(entry)}: ${(e as Error).message}`)
      return undefined
    }
  }

  return [vscode.commands.registerCommand('miniInterval.runWorkflow', runWorkflow), ...registerRunLenses([workflowLenses(workflows)], workflows.onDidChange)]
}

/** `▶ Run workflow` on the first line of each workflow file the index knows (none in Restricted Mode: it cannot run there). */
export function workflowLenses(workflows: WorkflowIndex): LensSource {
  return (doc) => {
    const entry = doc.uri.scheme === 'file' && vscode.workspace.isTrusted ? workflows.find(doc.uri.fsPath) : undefined
    if (!entry || entry.file.file !== doc.uri.fsPath) return []
    const broken = entry.state === 'broken' ? ` (cannot run: ${entry.problems[0]?.message})` : ''
    return [{ line: 0, title: '$(play) Run workflow', tooltip: `Run ${workflowLabel(entry)}${broken}`, command: 'miniInterval.runWorkflow', arguments: [doc.uri] }]
  }
}

async function pickWorkflow(workflows: WorkflowIndex): Promise<WorkflowEntry | undefined> {
  const items = workflows.all().map(workflowPickItem)
  if (!items.length) {
    void vscode.window.showInformationMessage('Mini Interval found no workflow files (*.workflow.json) in this workspace.')
    return undefined
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Run which workflow?', matchOnDescription: true, matchOnDetail: true })
  return picked?.workflow
}
