// Issue 9 after a window reload: the refund left two prompts in resumes at its
// third (in the tab VS Code revived, draft kept) and completes with its first
// step run once; the transaction whose action changed asks first, then stops
// diverged, and Restart starts it again.
import * as assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { api, finished, until } from './extension'
import { ui } from './ui'
import { leftFile, showResumed } from './leftBehind'

describe('durable transactions after a reload', function () {
  this.timeout(120_000)

  it('resumes the refund at its third prompt, with the draft, and completes it; the refund step ran once', async () => {
    const a = await api()
    const id = readFileSync(leftFile(a.history.dir, 'durable-tx'), 'utf8').trim()
    const tx = await until('the refund to resume', () => a.transactions.get(id), 40_000)
    const panel = { title: 'Refund order' }
    // Several tabs came back; this one is behind another: bring it forward, as a click on it would.
    await showResumed(a, id, { ...panel, label: 'Note to the customer' })
    assert.equal(tx.view.resumed, 1)
    await ui.waitFor({ ...panel, testid: 'resumed' })
    // What was typed and not sent before the reload is there.
    assert.equal(await ui.attr({ ...panel, label: 'Note to the customer' }, 'value'), 'Sorry for the wait')
    await ui.screenshot('durable-resumed-after-reload')
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { order: 'ord_7', amount: 42, refund: 're_ord_7_42', note: 'Sorry for the wait' })
    assert.deepEqual(r.durableSteps.map((s) => [s.name, s.status, s.attempts]), [['refund', 'succeeded', 1], ['email', 'succeeded', 1]])
    const outbox = readFileSync(join(a.history.dir, '..', 'outbox.log'), 'utf8')
    assert.equal(outbox, 'refund ord_7 42\nemail ord_7 Sorry for the wait\n', 'the refund happened once, before the reload')
    assert.equal(a.history.summary(id)!.resumed, 1)
  })

  it('asks before replaying changed code; resumed with it, stops diverged naming the call; Restart starts again', async () => {
    const a = await api()
    const id = readFileSync(leftFile(a.history.dir, 'diverge-tx'), 'utf8').trim()
    const file = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'resumable', 'diverge-check.action.ts')
    try {
      const tx = await until('the changed transaction to be taken over', () => a.transactions.get(id), 40_000)
      const panel = { title: 'Diverge check' }
      await showResumed(a, id, { ...panel, testid: 'code-changed' })
      assert.equal(tx.view.codeChanged, true)
      await ui.screenshot('durable-code-changed')
      await ui.click({ ...panel, testid: 'resume' })
      const r = await finished(a, id, ['diverged', 'failed', 'completed'])
      assert.equal(r.status, 'diverged', JSON.stringify(r.error))
      assert.deepEqual(r.divergence, { seq: 2, expected: 'io.input.text "Beta"', actual: 'io.input.text "Beta, renamed"' })
      await ui.waitFor({ ...panel, testid: 'divergence' })
      await ui.waitFor({ ...panel, text: 'Beta, renamed' })
      await ui.screenshot('durable-diverged')
      await ui.click({ ...panel, testid: 'restart' })
      const next = await until('a new transaction of the same action', () => a.transactions.running().find((t) => t.action.slug === 'resumable/diverge-check' && t.id !== id))
      await ui.waitFor({ ...panel, label: 'Alpha' })
      next.cancel('test')
      await finished(a, next.id)
    } finally {
      rmSync(file, { force: true })
    }
  })
})
