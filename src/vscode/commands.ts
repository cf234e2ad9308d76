// The palette and tree commands.
import * as vscode from 'vscode'
import type { TreeNode } from '../core/discovery/actionTree'
import type { ActionEntry, ActionIndex } from './actionIndex'
import type { HistoryPanels } from './historyPanel'
import type { Transactions } from './transactions'

const EXAMPLE = `import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Hello',
  description: 'Asks for a name and greets it',
  handler: async (io) => {
    const name = await io.input.text('Your name', { placeholder: 'Ada' })
    const excited = await io.input.boolean('Excited?')
    return { greeting: \`Hello, \${name}\${excited ? '!' : '.'}\` }
  },
})
`

export function registerCommands(deps: {
  index: ActionIndex
  transactions: Transactions
  historyPanels: HistoryPanels
  log: vscode.LogOutputChannel
}): vscode.Disposable[] {
  const { index, transactions, historyPanels, log } = deps

  /** From the tree (a node), a test or link (a slug or path), a file (a Uri), or nothing (a quick pick). */
  async function runAction(arg?: TreeNode | string | vscode.Uri, params?: Record<string, unknown>): Promise<string | undefined> {
    let entry: ActionEntry | undefined
    if (arg instanceof vscode.Uri) entry = index.find(arg.fsPath)
    else if (typeof arg === 'string') entry = index.find(arg)
    else if (arg?.kind === 'action') entry = index.find(arg.key ?? arg.file.file)
    else entry = await pickAction(index)
    if (!entry) {
      if (arg) void vscode.window.showErrorMessage(`Mini Interval: no action "${typeof arg === 'string' ? arg : String(arg)}".`)
      return undefined
    }
    if (entry.state === 'broken') {
      void vscode.window.showErrorMessage(`Mini Interval: ${entry.file.relPath} cannot be run: ${entry.error}`)
      return undefined
    }
    try {
      return (await transactions.start(entry, params)).id
    } catch (e) {
      log.error(`Could not start ${entry.slug}: ${(e as Error).message}`)
      void vscode.window.showErrorMessage(`Mini Interval: could not start ${entry.name ?? entry.slug}: ${(e as Error).message}`)
      return undefined
    }
  }

  return [
    vscode.commands.registerCommand('miniInterval.runAction', runAction),
    vscode.commands.registerCommand('miniInterval.refreshActions', () => index.refresh()),
    vscode.commands.registerCommand('miniInterval.showLog', () => log.show()),
    vscode.commands.registerCommand('miniInterval.openHistoryEntry', (id: string) => {
      if (!transactions.show(id)) historyPanels.show(id)
    }),
    vscode.commands.registerCommand('miniInterval.createExampleAction', createExample),
  ]
}

async function pickAction(index: ActionIndex): Promise<ActionEntry | undefined> {
  const items = index.listed().map((e) => ({
    label: `${e.state === 'broken' ? '$(error) ' : ''}${e.name ?? e.slug}`,
    description: e.state === 'broken' ? 'cannot be loaded' : e.description,
    detail: e.state === 'broken' ? e.error?.split('\n', 1)[0] : e.file.relPath,
    entry: e,
  }))
  if (!items.length) {
    const create = 'Create Example Action'
    const choice = await vscode.window.showInformationMessage('Mini Interval found no action files in this workspace.', create)
    if (choice === create) await vscode.commands.executeCommand('miniInterval.createExampleAction')
    return undefined
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Run which action?', matchOnDescription: true, matchOnDetail: true })
  return picked?.entry
}

async function createExample(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]
  if (!folder) return void vscode.window.showErrorMessage('Mini Interval: open a folder first.')
  let uri = vscode.Uri.joinPath(folder.uri, 'hello.action.ts')
  for (let i = 2; await exists(uri); i++) uri = vscode.Uri.joinPath(folder.uri, `hello${i}.action.ts`)
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(EXAMPLE))
  await vscode.window.showTextDocument(uri)
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri)
    return true
  } catch {
    return false
  }
}
