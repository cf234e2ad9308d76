// After a window reload: history is still there, and the transaction left
// waiting by the main phase is recorded as interrupted.
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { api, until } from './extension'
import { ui } from './ui'

describe('after a reload', function () {
  this.timeout(60_000)

  it('keeps the history of the previous session', async () => {
    const a = await api()
    const list = a.history.list()
    const refund = list.find((s) => s.actionName === 'Refund customer' && s.status === 'completed')
    assert.ok(refund, `no completed refund in ${JSON.stringify(list)}`)
    assert.equal(a.history.read(refund.id).result && (a.history.read(refund.id).result as { refunded: number }).refunded, 3)
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    await until('History to show the refund', async () => (await ui.treeItems('History')).some((r) => r.label.includes('Refund customer')))
    await ui.screenshot('history-after-reload')
  })

  it('marks the transaction that was waiting as interrupted', async () => {
    const a = await api()
    const id = readFileSync(join(a.history.dir, '..', 'pending-tx.txt'), 'utf8').trim()
    assert.equal(a.history.read(id).status, 'interrupted')
  })
})
