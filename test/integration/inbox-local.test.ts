// The Inbox in the extension alone: a run's ctx.enqueue queues an action in
// this window's Inbox; a click on its row starts its run (trigger: queue, the
// run id fixed when it was queued), answered in the webview, and it leaves the
// Inbox when the run ends; History's Queue… queues it again. Queue Action…
// adds one; its creator withdraws it.
import * as assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { finished, run, setUpUiSuite, until } from './extension'
import { foldPane, openPane } from './panes'
import { ui } from './ui'

const workbench = { frame: 'workbench' } as const
const pane = (title: string): string => `.pane:has(.pane-header:has-text("${title}"))`

const ENQUEUE = `import { defineAction } from 'mini-interval'
export default defineAction({
  name: 'Queue a follow-up',
  handler: async (io, ctx) => (await ctx.enqueue('queued-followup', { params: { order: 'ord_9' }, title: 'Follow up ord_9' })).id,
})
`
const FOLLOWUP = `import { defineAction } from 'mini-interval'
export default defineAction({
  name: 'Follow-up',
  handler: async (io, ctx) => ({ order: ctx.params.order, note: await io.input.text('Follow-up note') }),
})
`

describe('the Inbox in the extension alone', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi
  const files: string[] = []

  setUpUiSuite((ext) => (a = ext))

  before(async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath
    for (const [name, text] of [['queue-followup', ENQUEUE], ['queued-followup', FOLLOWUP]] as const) {
      const file = join(folder, `${name}.action.ts`)
      writeFileSync(file, text)
      files.push(file)
    }
    await until('the two actions to load', () => ['queue-followup', 'queued-followup'].every((s) => a.index.find(s)?.state === 'ready'), 60_000)
  })

  after(async () => {
    await foldPane('Inbox').catch(() => undefined)
    for (const f of files) rmSync(f, { force: true })
    for (const item of a.inbox.items.local) await a.transactions.queue?.withdraw(item.id, 'test')
    // Their runs leave History as they came: the suites after this one look for their own rows in view.
    const ours = (s: string): boolean => s === 'queue-followup' || s === 'queued-followup'
    const left = () => a.history.list().filter((r) => ours(r.slug))
    for (const tx of a.transactions.running()) if (ours(tx.action.slug)) tx.cancel()
    await until('this suite\'s runs to end', () => left().every((r) => r.status !== 'running'), 20_000).catch(() => undefined)
    a.history.delete(left().map((r) => r.id))
  })

  it('ctx.enqueue queues it here; its row opens its run, which leaves the Inbox when it ends', async () => {
    const id = await run('queue-followup')
    const record = await finished(a, id, ['completed', 'failed'])
    assert.equal(record.status, 'completed', JSON.stringify(record.error))
    assert.equal(record.result, `${id}-q1`, 'the item\'s id is the run\'s, numbered by call')
    const item = await until('the item in the Inbox', () => a.inbox.items.local.find((i) => i.id === `${id}-q1`))
    assert.deepEqual(item.params, { order: 'ord_9' })
    assert.deepEqual(item.source, { kind: 'ctx', tx: id })
    await vscode.commands.executeCommand('workbench.action.closeAllEditors')
    await openPane('Inbox')
    await until('its row', async () => (await ui.treeItems('Inbox')).some((r) => r.label.startsWith('Follow up ord_9')), 20_000)
    await ui.click({ ...workbench, css: `${pane('Inbox')} .monaco-list-row[aria-label^="Follow up ord_9"]` })
    const panel = { title: 'Follow-up' }
    await ui.waitFor({ ...panel, label: 'Follow-up note' }, { timeoutMs: 30_000 })
    await ui.fill('Follow-up note', 'called them', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const done = await finished(a, item.runId, ['completed', 'failed'])
    assert.deepEqual(done.result, { order: 'ord_9', note: 'called them' })
    assert.equal(a.history.summary(item.runId)?.trigger, 'queue')
    await until('it to leave the Inbox', () => !a.inbox.items.local.some((i) => i.id === item.id), 20_000)
    const ended = await a.transactions.queue!.get(item.id)
    assert.equal(ended?.state, 'done')
    assert.equal(ended?.outcome, 'completed')
    // History's detail queues it again with the same params (its Queue… button).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors')
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', item.runId)
    const known = new Set(a.inbox.items.local.map((i) => i.id))
    await ui.click({ title: 'Follow-up', role: 'button', name: 'Queue this action with the same params in an Inbox' })
    const again = await until('the queued copy', () => a.inbox.items.local.find((i) => !known.has(i.id) && i.slug === 'queued-followup'), 20_000)
    assert.deepEqual(again.params, { order: 'ord_9' })
    assert.equal(await a.transactions.queue!.withdraw(again.id, a.transactions.person.email), true)
    await vscode.commands.executeCommand('workbench.action.closeAllEditors')
    await vscode.commands.executeCommand('miniInterval.filterHistory', { action: 'queued-followup' })
    try {
      await until('History to say it came from the Inbox', async () => (await ui.treeItems('History')).some((r) => /^Follow-up, completed · from Inbox/.test(r.label)), 20_000)
    } finally {
      await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
    }
  })

  it('Queue Action… adds an item; its creator withdraws it from the context menu', async () => {
    const id = await vscode.commands.executeCommand<string>('miniInterval.queueAction', { slug: 'queued-followup', params: { order: 'ord_1' }, title: 'Withdraw me' })
    assert.ok(id)
    const item = await until('the item', () => a.inbox.items.local.find((i) => i.id === id))
    assert.equal(item.createdBy, a.transactions.person.email)
    assert.equal(await vscode.commands.executeCommand('miniInterval.withdrawQueued', { kind: 'item', item, server: false }), true)
    await until('it to go', () => !a.inbox.items.local.some((i) => i.id === id))
    // Withdrawn, it opens nothing.
    assert.equal(await vscode.commands.executeCommand('miniInterval.openQueued', id), undefined)
  })
})
