// Restricted Mode: no workspace code is compiled or run, and the Actions view says why.
import * as assert from 'node:assert/strict'
import * as vscode from 'vscode'
import { api } from './extension'
import { ui } from './ui'

describe('restricted mode: no workspace code runs', function () {
  this.timeout(60_000)

  it('finds no actions, starts nothing, writes no history', async () => {
    assert.equal(vscode.workspace.isTrusted, false)
    const a = await api()
    assert.deepEqual(a.index.all(), [])
    assert.equal(await vscode.commands.executeCommand('miniInterval.runAction', 'hello'), undefined)
    assert.deepEqual(a.transactions.running(), [])
    assert.deepEqual(a.history.ids(), [])
  })

  it('explains why in the Actions view and offers to manage trust', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    await ui.waitFor({ frame: 'workbench', text: 'Mini Interval does not run workspace code in Restricted Mode' })
    await ui.waitFor({ frame: 'workbench', role: 'button', name: 'Manage Workspace Trust' })
    await ui.screenshot('restricted-actions-view')
  })
})
