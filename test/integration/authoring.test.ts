// Writing an action in VS Code: New Action writes a file that appears in the
// tree and runs; the ▶ Run lens above its default export starts it.
import * as assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { api, closeEditors, indexSettled, until } from './extension'
import { ui } from './ui'

const workbench = { frame: 'workbench' } as const

describe('authoring actions', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi
  let file = ''

  before(async () => {
    ui.require()
    a = await api()
    await indexSettled(a)
    await closeEditors(a)
  })

  after(async () => {
    await closeEditors(a)
    if (file.endsWith('.action.ts')) rmSync(file, { force: true })
  })

  it('New Action asks for a name, writes <slug>.action.ts, opens it; the action is in the tree', async () => {
    await ui.command('Mini Interval: New Action')
    await ui.waitFor({ ...workbench, text: "The action's name" })
    await ui.type('Greet customer')
    await ui.press('Enter')
    const editor = await until('the new file to open', () => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('greet-customer.action.ts') && vscode.window.activeTextEditor)
    file = editor.document.uri.fsPath
    assert.equal(vscode.workspace.getWorkspaceFolder(editor.document.uri)?.index, 0, 'written in the first workspace folder')
    assert.match(editor.document.getText(), /import \{ defineAction \} from 'mini-interval'/)
    await until('the new action to load', () => a.index.find(file)?.state === 'ready')
    assert.equal(a.index.find(file)!.name, 'Greet customer')
    // The tree draws only the rows in view: the new top-level action is last, so scroll there as a person would.
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    await ui.click({ ...workbench, css: '.monaco-list-row:has-text("Refund customer")' })
    await until('the tree to show it', async () => {
      await ui.press('End')
      return (await ui.treeItems('Actions')).some((r) => r.label.includes('Greet customer'))
    })
    await ui.screenshot('new-action-tree')
    await ui.press('Home')
    await closeEditors(a)
    await vscode.window.showTextDocument(vscode.Uri.file(file))
    // The same name again: nothing is overwritten.
    const before = editor.document.getText()
    assert.equal(await vscode.commands.executeCommand('miniInterval.newAction', undefined, 'Greet customer'), undefined)
    assert.equal((await vscode.workspace.openTextDocument(vscode.Uri.file(file))).getText(), before)
  })

  it('shows ▶ Run above the default export, and the lens starts the action', async () => {
    assert.ok(file, 'the previous test wrote the file')
    const uri = vscode.Uri.file(file)
    const doc = await vscode.workspace.openTextDocument(uri)
    await vscode.window.showTextDocument(doc)
    const lenses = await until('the Run lens', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)
      return all.filter((l) => l.command?.command === 'miniInterval.runAction').length === 1 && all
    })
    const lens = lenses.find((l) => l.command?.command === 'miniInterval.runAction')!
    assert.match(lens.command!.title, /Run/)
    assert.equal(doc.lineAt(lens.range.start.line).text.startsWith('export default'), true, 'above the default export')
    const link = { ...workbench, css: '.codelens-decoration a:has-text("Run")' }
    await ui.waitFor(link)
    await ui.screenshot('new-action-codelens')
    const running = a.transactions.running().length
    await ui.click(link)
    const panel = { title: 'Greet customer' }
    await ui.fill('Who is this for?', 'Grace', panel)
    assert.equal(a.transactions.running().length, running + 1)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'Hello, Grace!' })
    await ui.screenshot('new-action-result', panel)
  })

  it('Run Action lists the new action in its quick pick once the index is done', async () => {
    await a.indexed
    void vscode.commands.executeCommand('miniInterval.runAction')
    await ui.waitFor({ ...workbench, css: '.quick-input-widget .monaco-list-row:has-text("Greet customer")' })
    await ui.press('Escape')
  })
})
