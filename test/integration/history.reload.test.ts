// After a window reload: history is still there, and the transaction left
// waiting by the main phase resumed at the same prompt.
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
    const record = a.history.read(refund.id)
    assert.deepEqual((record.result as { refunded: string[] }).refunded, ['ch_1002', 'ch_1004'])
    // The log kept what the chosen rows of the charges table showed, not only their indexes.
    assert.deepEqual(record.steps[1]?.chosenRows?.['0']?.rows?.map((r) => r[0]), ['ch_1002', 'ch_1004'])
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    // Filtered to the action: History's rows off screen are not in the DOM, and the main phase ran dozens.
    await vscode.commands.executeCommand('miniInterval.filterHistory', { action: refund.slug })
    try {
      await until('History to show the refund', async () => (await ui.treeItems('History')).some((r) => r.label.includes('Refund customer')))
      await ui.screenshot('history-after-reload')
    } finally {
      await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
    }
  })

  it('resumes the transaction that was waiting, at the same prompt', async () => {
    const a = await api()
    const id = readFileSync(join(a.history.dir, '..', 'pending-tx.txt'), 'utf8').trim()
    const tx = await until('the waiting transaction to resume', () => a.transactions.get(id), 40_000)
    await until('its prompt', () => tx.view.status === 'awaiting' && tx.view.prompt)
    assert.equal(tx.view.prompt!.components[0]!.label, 'Your name')
    assert.equal(tx.view.resumed, 1)
    tx.cancel('test')
  })
})
