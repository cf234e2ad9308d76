// Workflows in real VS Code: discovered beside the actions, checked, and run
// through one command from the tree, the quick pick and the lens.
import * as assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { closeEditors, finished, setUpUiSuite, until } from './extension'
import { ui } from './ui'

const workbench = { frame: 'workbench' } as const

describe('workflows', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi
  setUpUiSuite((x) => (a = x))
  const examples = () => vscode.workspace.workspaceFolders![0].uri.fsPath

  /** The Actions tree's rows, scrolled to its end (a top-level file sorts last, and the tree draws only the rows in view). */
  async function lastRows(): Promise<{ label: string }[]> {
    await ui.press('End')
    return ui.treeItems('Actions')
  }

  it('a broken workflow file is shown as broken, in Problems at its place, and never runs; fixed, it runs', async () => {
    const file = join(examples(), 'zz-broken.workflow.json')
    const uri = vscode.Uri.file(file)
    // A cycle: reported at the dependency that closes it, `"b"` in the first step's depends_on.
    const lines = [
      '{',
      '  "name": "ZZ cycle",',
      '  "steps": [',
      '    { "id": "a", "type": "task", "config": { "duration_seconds": 0 }, "depends_on": ["b"] },',
      '    { "id": "b", "type": "task", "config": { "duration_seconds": 0 }, "depends_on": ["a"] }',
      '  ]',
      '}',
    ]
    writeFileSync(file, lines.join('\n') + '\n')
    try {
      const diags = await until('the cycle in Problems', () => {
        const d = vscode.languages.getDiagnostics(uri)
        return d.length > 0 && d
      })
      assert.equal(diags.length, 1, JSON.stringify(diags))
      assert.equal(diags[0]!.message, 'These steps depend on each other in a cycle: a → b → a.')
      assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error)
      const column = lines[3]!.indexOf('["b"]') + 1
      assert.deepEqual([diags[0]!.range.start.line, diags[0]!.range.start.character, diags[0]!.range.end.line, diags[0]!.range.end.character], [3, column, 3, column + 3])

      await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
      await ui.click({ ...workbench, css: '.monaco-list-row:has-text("Refund customer")' })
      assert.equal(a.workflows.find('zz-broken')?.state, 'broken')
      const row = await until('the tree to show it broken', async () => (await lastRows()).find((r) => r.label.startsWith('zz-broken, broken workflow')))
      assert.match(row.label, /cycle: a → b → a/, 'its first problem is its description')
      await ui.screenshot('workflow-broken-tree')
      assert.equal(await vscode.commands.executeCommand('miniInterval.runWorkflow', uri), undefined, 'a broken workflow does not start')
      assert.equal(await vscode.commands.executeCommand('miniInterval.runWorkflow', 'zz-broken'), undefined, 'not by its slug either')
      assert.deepEqual(a.transactions.running(), [])

      // Fixed (a change, not a create): the tree, Problems and the lens follow without a reload.
      lines[3] = '    { "id": "a", "type": "task", "config": { "duration_seconds": 0 }, "depends_on": [] },'
      writeFileSync(file, lines.join('\n') + '\n')
      await until('the problem to clear', () => vscode.languages.getDiagnostics(uri).length === 0)
      await until('the tree to show it runnable', async () => (await lastRows()).some((r) => r.label === 'ZZ cycle, workflow: 2 steps'))
      await ui.press('Home')
      // Lenses are asked of an open document.
      await vscode.window.showTextDocument(uri)
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)
      const run = lenses.find((l) => l.command?.command === 'miniInterval.runWorkflow')
      assert.ok(run, JSON.stringify(lenses.map((l) => l.command?.title)))
      assert.equal(run.range.start.line, 0)
      assert.equal(run.command!.title, '$(play) Run workflow')

      const id = await vscode.commands.executeCommand<string | undefined>(run.command!.command, ...(run.command!.arguments ?? []))
      assert.ok(id, 'the lens starts it and returns its transaction id')
      assert.equal((await finished(a, id)).status, 'completed')
    } finally {
      rmSync(file, { force: true })
      await closeEditors(a)
    }
    await until('the deleted file to leave the index', () => !a.workflows.find(file))
  })
})
