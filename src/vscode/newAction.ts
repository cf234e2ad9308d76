// Writing new action files: **New Action** (named by the person, from the
// template in core/authoring) and **Create Example Action** share one writer
// that never overwrites and opens what it wrote.
import * as vscode from 'vscode'
import { actionFileStem, actionTemplate, checkActionName } from '../core/authoring/newAction'

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

/**
 * **Mini Interval: New Action**. From the explorer's context menu `target` is the
 * clicked file or folder; a test (or a keybinding) may pass the name as `name`.
 * Resolves to the file written, or undefined when the person gave up.
 */
export async function newAction(target?: vscode.Uri, name?: unknown): Promise<vscode.Uri | undefined> {
  const folder = await targetFolder(target)
  if (!folder) return void vscode.window.showErrorMessage('Mini Interval: open a folder first.')
  const fileOf = (n: string): vscode.Uri => vscode.Uri.joinPath(folder, `${actionFileStem(n.trim())}.action.ts`)
  // A name that is not a string is the explorer's list of selected files: ask instead.
  let chosen = typeof name === 'string' ? name : undefined
  if (chosen === undefined) {
    chosen = await vscode.window.showInputBox({
      title: 'New Action',
      prompt: `The action's name; the file is named after it, in ${vscode.workspace.asRelativePath(folder, true)}`,
      placeHolder: 'Refund customer',
      validateInput: async (v) => checkActionName(v) ?? ((await exists(fileOf(v))) ? `${vscode.workspace.asRelativePath(fileOf(v))} already exists.` : undefined),
    })
    if (chosen === undefined) return undefined
  }
  const problem = checkActionName(chosen)
  if (problem) return void vscode.window.showErrorMessage(`Mini Interval: ${problem}`)
  const uri = fileOf(chosen)
  if (await exists(uri)) return void vscode.window.showErrorMessage(`Mini Interval: ${vscode.workspace.asRelativePath(uri)} already exists.`)
  return writeAndOpen(uri, actionTemplate(chosen))
}

/** **Create Example Action**: hello.action.ts (hello2, hello3, … beside an existing one) in the first folder. */
export async function createExample(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri
  if (!folder) return void vscode.window.showErrorMessage('Mini Interval: open a folder first.')
  let uri = vscode.Uri.joinPath(folder, 'hello.action.ts')
  for (let i = 2; await exists(uri); i++) uri = vscode.Uri.joinPath(folder, `hello${i}.action.ts`)
  return writeAndOpen(uri, EXAMPLE)
}

async function writeAndOpen(uri: vscode.Uri, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text))
  await vscode.window.showTextDocument(uri)
  return uri
}

/** The explorer's folder (a clicked file's folder), else the first workspace folder. */
async function targetFolder(target: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri && vscode.workspace.getWorkspaceFolder(target)) {
    const isDir = await vscode.workspace.fs.stat(target).then((s) => (s.type & vscode.FileType.Directory) !== 0, () => false)
    return isDir ? target : vscode.Uri.joinPath(target, '..')
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false)
}
