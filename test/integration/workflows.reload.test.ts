// Issue 10 after a window reload: the slow order workflow left running
// resumes and completes (the step that had completed did not run again), and
// a workflow left at its human step goes on once that same approval is answered.
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { api, finished, until } from './extension'
import { ui } from './ui'
import { leftFile, showResumed } from './leftBehind'

describe('workflows after a reload', function () {
  this.timeout(120_000)

  it('resumes the slow order and completes it, without validating it again', async () => {
    const a = await api()
    const { id, db } = JSON.parse(readFileSync(leftFile(a.history.dir, 'workflow-tx'), 'utf8')) as { id: string; db: string }
    await until('the workflow to resume', () => a.transactions.get(id) ?? (a.history.read(id).status === 'completed' && a.history.read(id)), 40_000)
    const r = await finished(a, id, ['completed', 'failed', 'canceled', 'diverged'], 90_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.divergence))
    assert.equal(r.resumed, 1)
    assert.deepEqual(r.workflow!.steps.map((s) => s.status), ['completed', 'completed', 'completed', 'completed'])
    const order = JSON.parse(readFileSync(db, 'utf8')).ord_1001
    assert.equal(order.status, 'shipped')
    assert.equal(order.history.filter((h: string) => h === 'validated').length, 1, 'validate ran once, before the reload')
    assert.equal(Object.keys(order.payments).length, 1)
  })

  it('resumes a workflow waiting at its human step: the same approval transaction is answered, never a second one', async () => {
    const a = await api()
    const { id, db } = JSON.parse(readFileSync(leftFile(a.history.dir, 'human-workflow-tx'), 'utf8')) as { id: string; db: string }
    const child = `${id}-s1-1`
    await until('the approval to resume', () => a.transactions.get(child), 40_000)
    await until('the workflow to resume', () => a.transactions.get(id), 40_000)
    const approval = { title: 'Approve refund' }
    await showResumed(a, child, { ...approval, label: 'Reason for the refund' })
    await ui.fill('Reason for the refund', 'Late delivery', approval)
    await ui.click({ ...approval, role: 'button', name: 'Submit' })
    const r = await finished(a, id, ['completed', 'failed', 'canceled', 'diverged'], 60_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.divergence))
    assert.deepEqual(r.workflow!.steps.find((s) => s.id === 'approve')!.result, { approved: true, reason: 'Late delivery' })
    assert.equal(a.history.query({ action: 'workflows/approve-refund' }).items.filter((s) => s.id.startsWith(`${id}-`)).length, 1, 'one approval transaction')
    assert.equal(JSON.parse(readFileSync(db, 'utf8')).ord_1001.status, 'refunded')
  })
})
