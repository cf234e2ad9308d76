// Issue 10 after a window reload: the slow order workflow left running
// resumes and completes; the step that had completed did not run again.
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { api, finished, until } from './extension'
import { leftFile } from './leftBehind'

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
})
