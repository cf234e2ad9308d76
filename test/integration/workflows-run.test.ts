// Issue 10 in real VS Code: the order workflow runs to completed, moving the
// order in its JSON database; a workflow whose approve step is an action is
// answered in that action's tab and the DAG goes on.
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { finished, setUpUiSuite, until } from './extension'
import { ui } from './ui'
import { scratchDb, startWorkflow } from './exampleWorkflows'

describe('workflows', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi

  setUpUiSuite((ext) => (a = ext))

  it('runs the order workflow to completed: the order is validated, charged and reserved in parallel, then shipped', async () => {
    const db = scratchDb()
    const id = await startWorkflow(a, 'order-processing', { order: 'ord_1001', db })
    await ui.waitFor({ title: 'Order processing', text: 'validate' })
    await ui.screenshot('workflow-running')
    const r = await finished(a, id, ['completed', 'failed', 'canceled'], 60_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.workflow!.steps.map((s) => [s.id, s.status, s.level]), [['validate', 'completed', 0], ['charge', 'completed', 1], ['reserve', 'completed', 1], ['ship', 'completed', 2]])
    const order = JSON.parse(readFileSync(db, 'utf8')).ord_1001
    assert.equal(order.status, 'shipped')
    assert.equal(Object.keys(order.payments).length, 1, 'charged once')
    assert.ok(order.reserved)
    await ui.screenshot('workflow-completed')
  })

  it('runs from the Actions view\'s command: its input form comes first, then the graph', async () => {
    // What the tree's ▶ and the quick pick call (with a node or a slug); the example's own database stays untouched: canceled at the form.
    const id = await vscode.commands.executeCommand<string | undefined>('miniInterval.runWorkflow', 'workflows/order-processing')
    assert.ok(id, 'it started')
    const panel = { title: 'Order processing' }
    // exact: the panel's article is labelled "Order processing" too.
    await ui.waitFor({ ...panel, label: 'Order', exact: true })
    assert.equal(await ui.attr({ ...panel, label: 'Order', exact: true }, 'value'), 'ord_1001', 'the schema\'s default')
    await ui.screenshot('workflow-input-form')
    a.transactions.get(id)!.cancel('test')
    const r = await finished(a, id)
    assert.equal(r.status, 'canceled')
    assert.deepEqual(r.workflow!.steps.map((s) => s.status), ['canceled', 'canceled', 'canceled', 'canceled'])
  })

  it('a human step opens its action\'s tab; answering it lets the DAG go on', async () => {
    const db = scratchDb()
    const id = await startWorkflow(a, 'refund-approval', { order: 'ord_1001', db })
    const approval = { title: 'Approve refund' }
    await ui.fill('Reason for the refund', 'Damaged in transit', approval)
    await ui.screenshot('workflow-human-step')
    await ui.click({ ...approval, role: 'button', name: 'Submit' })
    const r = await finished(a, id, ['completed', 'failed', 'canceled'], 60_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    const approve = r.workflow!.steps.find((s) => s.id === 'approve')!
    assert.deepEqual(approve.result, { approved: true, reason: 'Damaged in transit' })
    assert.equal(a.history.read(approve.childTx!).status, 'completed', 'the approval is a transaction of its own, in History')
    assert.equal(JSON.parse(readFileSync(db, 'utf8')).ord_1001.status, 'refunded')
    // The workflow's own tab (behind the approval's) shows the run.
    assert.ok(a.transactions.show(id))
    await until('the workflow tab', async () => (await ui.count({ title: 'Refund with approval', text: 'refund' })) > 0)
    await ui.screenshot('workflow-human-step-done')
  })
})
