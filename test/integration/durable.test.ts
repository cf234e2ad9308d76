// Issue 9 in real VS Code, before any reload: a singleton action run twice
// reveals the running transaction; held by another window, it says so.
import * as assert from 'node:assert/strict'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore } from '../../src/core/history/store'
import { closeEditors, finished, run, setUpUiSuite } from './extension'
import { ui } from './ui'

describe('durable transactions', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi

  setUpUiSuite((ext) => (a = ext))

  it('a singleton run twice reveals the running transaction instead of starting another', async () => {
    const id = await run('resumable/month-end')
    const panel = { title: 'Month-end close' }
    await ui.waitFor({ ...panel, label: 'Which month?' })
    await ui.fill('Which month?', '2026-11', panel)
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor').then(undefined, () => undefined)
    const again = await run('resumable/month-end')
    assert.equal(again, id, 'the second run is the first transaction')
    assert.equal(a.transactions.running().filter((t) => t.action.slug === 'resumable/month-end').length, 1)
    // Its tab is shown again (the draft typed before is still there).
    await ui.waitFor({ ...panel, label: 'Which month?' })
    assert.equal(a.history.query({ action: 'resumable/month-end' }).items.filter((s) => s.status === 'running').length, 1)
    a.transactions.get(id)!.cancel('test')
    await finished(a, id)
    // Once it ended, the lock is free: a new run starts.
    const next = await run('resumable/month-end')
    assert.notEqual(next, id)
    a.transactions.get(next)!.cancel('test')
    await finished(a, next)
  })

  it('a singleton held by another window is not started: the message says who holds it', async () => {
    // Another window: a live host lease of its own holding the action's lock.
    const other = new Leases(join(a.history.dir, 'leases')).acquire()
    try {
      const lock = a.history.lock('resumable/month-end', other.id, { tx: 'elsewhere', user: 'Grace Hopper' })
      assert.ok('release' in lock)
      const before = a.history.query({ action: 'resumable/month-end' }).total
      const id = await vscode.commands.executeCommand<string | undefined>('miniInterval.runAction', 'resumable/month-end')
      assert.equal(id, undefined, 'nothing started')
      assert.equal(a.history.query({ action: 'resumable/month-end' }).total, before, 'and nothing recorded')
      // Headless, VS Code draws no toast but announces the notification to screen readers (.monaco-alert).
      await ui.waitFor({ frame: 'workbench', css: '.monaco-alert:has-text("already running in another VS Code window (started by Grace Hopper")' }, { state: 'attached', timeoutMs: 10_000 })
      await ui.screenshot('durable-singleton-elsewhere')
      lock.release()
    } finally {
      other.release()
      await closeEditors(a)
    }
  })

  it('Stop Run ends a run whose window is gone, cancels this window\'s, and leaves another open window\'s to it', async () => {
    const leases = new Leases(join(a.history.dir, 'leases'))
    const start = (owner: ReturnType<Leases['acquire']>, id: string) => {
      // A run of an action no window here has: another workspace's.
      const { log } = new HistoryStore(a.history.dir, { lease: owner, leases }).create(id, {
        action: { slug: 'elsewhere/report', name: 'Report elsewhere', file: '/elsewhere/report.action.ts' }, codeHash: 'h', params: {}, user: { email: 'g@example.com', firstName: 'Grace', lastName: 'Hopper' },
      })
      log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Anything', props: {} }] })
    }
    const gone = leases.acquire()
    const open = leases.acquire()
    try {
      start(gone, 'zz-stop-gone')
      start(open, 'zz-stop-open')
      gone.release()
      assert.equal(await vscode.commands.executeCommand('miniInterval.stopRun', 'zz-stop-open'), 'elsewhere')
      assert.equal(a.history.read('zz-stop-open').status, 'awaiting')
      assert.equal(await vscode.commands.executeCommand('miniInterval.stopRun', 'zz-stop-gone'), 'interrupted')
      const r = a.history.read('zz-stop-gone')
      assert.equal(r.status, 'interrupted')
      assert.match(r.logs.at(-1)!, /stopped from History by/)
      const id = await run('hello')
      assert.equal(await vscode.commands.executeCommand('miniInterval.stopRun', id), 'canceled')
      assert.equal((await finished(a, id)).status, 'canceled')
    } finally {
      open.release()
      a.history.interrupt('zz-stop-open', 'test over')
      a.history.delete(['zz-stop-gone', 'zz-stop-open'])
    }
  })
})
