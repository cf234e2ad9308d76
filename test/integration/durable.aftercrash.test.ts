// Issue 9, in the window opened again after the extension host was killed
// inside the refund's email step: the transaction resumes once the dead
// host's lease expires, the cut-off step runs again (at most once more), and
// it completes; the refund step before it did not run again.
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { api, finished, until } from './extension'
import { ui } from './ui'
import { leftFile } from './leftBehind'

describe('after the extension host was killed', function () {
  this.timeout(120_000)

  it('resumes the refund inside its email step and completes it; no completed step ran again', async () => {
    const a = await api()
    const id = readFileSync(leftFile(a.history.dir, 'crash-tx'), 'utf8').trim()
    // The killed host never released its lease: recovery waits for it to expire (15 s) before taking over.
    await until('the refund to resume', () => a.transactions.get(id), 60_000)
    const r = await finished(a, id, ['completed', 'failed', 'diverged', 'canceled'], 60_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.divergence))
    assert.deepEqual(r.result, { order: 'ord_9', amount: 9, refund: 're_ord_9_9', note: 'On its way' })
    const email = r.durableSteps.find((s) => s.name === 'email')!
    assert.equal(email.status, 'succeeded')
    assert.equal(email.attempts, 2, 'the step cut off by the crash ran once more')
    assert.deepEqual(r.durableSteps.find((s) => s.name === 'refund')?.attempts, 1)
    const outbox = readFileSync(join(a.history.dir, '..', 'crash-outbox.log'), 'utf8')
    assert.equal(outbox, 'refund ord_9 9\nemail ord_9 On its way\n', 'the refund once; the email once (the killed attempt never reached its send)')
    assert.equal(r.resumed, 1)
    // Its tab (restored by VS Code, or opened when it resumed), or History's view of it: either shows the mark.
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', id)
    await ui.waitFor({ title: 'Refund order', testid: 'resumed' })
    await ui.screenshot('durable-completed-after-crash')
  })
})
