// Schedules in the extension alone (issue 13 §5), in the real VS Code: a
// schedule added through Add Schedule… (the cron checked as it is typed) and
// two declared by action files fire at the next minute's edge; the run is in
// History marked scheduled and in the Schedules view as its last run; a
// scheduleMode 'queue' run waits in the Inbox for its owner (badge), who opens
// and answers it; a 'fail' one fails saying which prompt needed a person.
import * as assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { scheduledRunId } from '../../src/core/schedules/scheduler'
import { api, finished, indexSettled, until } from './extension'
import { foldPane, openPane } from './panes'
import { ui } from './ui'

const workbench = { frame: 'workbench' } as const
const pane = (title: string): string => `.pane:has(.pane-header:has-text("${title}"))`

const PING = `import { defineAction } from 'mini-interval'
export default defineAction({
  name: 'Scheduled ping',
  handler: async (io, ctx) => ({ who: ctx.params.who, user: ctx.user.email }),
})
`
const APPROVAL = `import { defineAction } from 'mini-interval'
export default defineAction({
  name: 'Scheduled approval',
  schedule: '* * * * *',
  scheduleMode: 'queue',
  handler: async (io) => ({ note: await io.input.text('Approval note') }),
})
`
const UNATTENDED = `import { defineAction } from 'mini-interval'
export default defineAction({
  name: 'Scheduled question',
  schedule: '* * * * *',
  handler: async (io) => io.input.text('Who is there'),
})
`

describe('schedules in the extension alone', function () {
  this.timeout(240_000)
  let a: MiniIntervalApi
  let folder: string
  const files: string[] = []
  let added: string | undefined

  before(async () => {
    ui.require()
    a = await api()
    await indexSettled(a)
  })
  // Not setUpUiSuite's beforeEach: it cancels every running transaction, and a scheduled run waiting for its owner must wait.
  beforeEach(async () => {
    const others = a.transactions.running().filter((tx) => !tx.id.startsWith('sched-'))
    for (const tx of others) tx.cancel()
    await Promise.all(others.map((tx) => tx.finished))
    await vscode.commands.executeCommand('workbench.action.closeAllEditors')
  })

  before(async () => {
    folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath
    for (const [name, text] of [['scheduled-ping', PING], ['scheduled-approval', APPROVAL], ['scheduled-question', UNATTENDED]] as const) {
      const file = join(folder, `${name}.action.ts`)
      writeFileSync(file, text)
      files.push(file)
    }
    await until('the three actions to load', () => ['scheduled-ping', 'scheduled-approval', 'scheduled-question'].every((s) => a.index.find(s)?.state === 'ready'), 60_000)
    await until('the declared schedules to be armed', () => a.schedules.list().filter((s) => s.origin === 'action' && s.slug.startsWith('scheduled-')).length === 2, 30_000)
  })

  after(async () => {
    await foldPane('Inbox').catch(() => undefined)
    await foldPane('Schedules').catch(() => undefined)
    // Nothing of this suite may fire in the suites and phases after it.
    if (added) a.schedules.remove(added)
    for (const f of files) rmSync(f, { force: true })
    await until('the declared schedules to go', () => !a.schedules.list().some((s) => s.slug.startsWith('scheduled-')), 30_000).catch(() => undefined)
    for (const tx of a.transactions.running()) if (tx.action.slug.startsWith('scheduled-')) tx.cancel()
    for (const item of a.inbox.items.local) await a.transactions.queue?.withdraw(item.id, 'test')
    // Their runs leave History as they came: the suites after this one look for their own rows in view.
    const ours = (s: string): boolean => s.startsWith('scheduled-')
    const left = () => a.history.list().filter((r) => ours(r.slug))
    for (const tx of a.transactions.running()) if (ours(tx.action.slug)) tx.cancel()
    await until('this suite\'s runs to end', () => left().every((r) => r.status !== 'running'), 20_000).catch(() => undefined)
    a.history.delete(left().map((r) => r.id))
  })

  it('adds a schedule through the command, the cron checked as it is typed', async () => {
    await openPane('Schedules')
    await ui.command('Mini Interval: Add Schedule…')
    await ui.waitFor({ ...workbench, css: '.quick-input-widget input[placeholder="Schedule which action?"]' })
    await ui.type('Scheduled ping')
    await ui.waitFor({ ...workbench, css: '.quick-input-list .monaco-list-row:has-text("Scheduled ping")' })
    await ui.press('Enter')
    await ui.waitFor({ ...workbench, css: '.quick-input-title:has-text("Schedule Scheduled ping")' })
    await ui.type('* * * *')
    // The core parser's message, while it is typed.
    const message = await until('the cron to be refused', async () => {
      const t = await ui.text({ ...workbench, css: '.quick-input-message' }).catch(() => '')
      return /5 fields|fields/i.test(t) ? t : undefined
    }, 10_000)
    assert.ok(message.length > 10, message)
    await ui.screenshot('schedule-add-cron-error')
    await ui.type(' *')
    await until('the cron to be accepted', async () => !/fields/i.test(await ui.text({ ...workbench, css: '.quick-input-message' }).catch(() => '')), 10_000)
    await ui.press('Enter')
    await ui.waitFor({ ...workbench, css: '.quick-input-title:has-text("time zone")' })
    await ui.press('Enter')
    await ui.waitFor({ ...workbench, css: '.quick-input-title:has-text("params")' })
    await ui.type('{"who": "the schedule"')
    await until('the params to be refused', async () => /Not JSON/.test(await ui.text({ ...workbench, css: '.quick-input-message' }).catch(() => '')), 10_000)
    await ui.type('}')
    await ui.press('Enter')
    const s = await until('the added schedule', () => a.schedules.list().find((x) => x.slug === 'scheduled-ping' && x.origin === 'added'), 10_000)
    added = s.id
    assert.equal(s.cron, '* * * * *')
    assert.deepEqual(s.params, { who: 'the schedule' })
    assert.ok(s.nextRun && s.nextRun.getTime() - Date.now() <= 60_000, `armed for the next minute (${s.nextRun?.toISOString()})`)
  })

  it('runs at the minute\'s edge: History marks the run scheduled, the Schedules view shows its last run', async () => {
    const s = a.schedules.list().find((x) => x.id === added)!
    const at = s.nextRun!
    const runId = scheduledRunId(s.id, at)
    const record = await finished(a, runId, ['completed', 'failed'], 90_000)
    assert.equal(record.status, 'completed', JSON.stringify(record.error))
    assert.deepEqual((record.result as { who: string }).who, 'the schedule')
    assert.equal(a.history.summary(runId)?.trigger, 'schedule')
    // History's tooltip says when its schedule runs next.
    assert.ok((a.schedules.nextFor(runId)?.getTime() ?? 0) > at.getTime(), 'the next run after this one')
    // No tab opened for it: nobody was at it.
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.startsWith('Scheduled ping')), 'a scheduled run opens no tab')
    // Filtered to the action: History's rows off screen are not in the DOM.
    await vscode.commands.executeCommand('miniInterval.filterHistory', { action: 'scheduled-ping' })
    try {
      await until('History to show it marked scheduled', async () => (await ui.treeItems('History')).some((r) => /^Scheduled ping, completed · scheduled/.test(r.label)), 20_000)
    } finally {
      await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
    }
    await vscode.commands.executeCommand('miniInterval.refreshSchedules')
    const rows = await until('the Schedules view\'s last run', async () => {
      const r = await ui.treeItems('Schedules')
      return r.some((x) => x.label === 'Last run of Scheduled ping, completed') ? r : undefined
    }, 20_000)
    assert.ok(rows.some((r) => /^Scheduled ping, \* \* \* \* \*, next in .*, added$/.test(r.label)), rows.map((r) => r.label).join(' | '))
    assert.ok(rows.some((r) => /^Scheduled approval, \* \* \* \* \*, next in .*, declared$/.test(r.label)), rows.map((r) => r.label).join(' | '))
    for (const theme of ['dark', 'light', 'hc'] as const) {
      await ui.setTheme(theme)
      await ui.screenshot(`schedules-view-${theme}`)
    }
    await ui.setTheme('light')
    // A click on the last run opens it.
    await ui.click({ ...workbench, css: `${pane('Schedules')} .monaco-list-row[aria-label="Last run of Scheduled ping, completed"]` })
    await ui.waitFor({ title: 'Scheduled ping', text: 'the schedule' }, { timeoutMs: 20_000 })
  })

  it('a scheduleMode \'queue\' run waits in the Inbox for its owner, who opens and answers it', async () => {
    const s = a.schedules.list().find((x) => x.slug === 'scheduled-approval')!
    const last = await until('the approval\'s first run', () => a.schedules.last(s.id), 60_000)
    const runId = last.runId
    const item = await until('its Inbox item', () => a.inbox.items.local.find((i) => i.runId === runId), 30_000)
    assert.equal(item.source.kind, 'schedule')
    assert.equal(a.history.summary(runId)?.trigger, 'schedule')
    await openPane('Inbox')
    const label = `Scheduled approval: Approval note`
    await until('the Inbox row', async () => (await ui.treeItems('Inbox')).some((r) => r.label.startsWith(label)), 20_000)
    const badge = await ui.text({ ...workbench, css: '.activitybar .action-item:has(.action-label[aria-label^="Mini Interval"]) .badge-content' })
    assert.ok(Number(badge) >= 1, `badge ${badge}`)
    for (const theme of ['dark', 'light', 'hc'] as const) {
      await ui.setTheme(theme)
      await ui.screenshot(`inbox-local-${theme}`)
    }
    await ui.setTheme('light')
    // The first of the rows for this action (a later minute may have queued another).
    assert.equal(await vscode.commands.executeCommand('miniInterval.openQueued', { id: item.id }), runId)
    const panel = { title: 'Scheduled approval' }
    await ui.waitFor({ ...panel, label: 'Approval note' }, { timeoutMs: 30_000 })
    await ui.fill('Approval note', 'fine by me', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const record = await finished(a, runId, ['completed', 'failed'], 30_000)
    assert.deepEqual(record.result, { note: 'fine by me' })
    await until('the item to leave the Inbox', () => !a.inbox.items.local.some((i) => i.id === item.id), 20_000)
  })

  it('a scheduleMode \'fail\' run fails at its prompt, saying which and why', async () => {
    const s = a.schedules.list().find((x) => x.slug === 'scheduled-question')!
    const last = await until('the question\'s first run', () => a.schedules.last(s.id), 60_000)
    const record = await finished(a, last.runId, ['completed', 'failed'], 30_000)
    assert.equal(record.status, 'failed')
    assert.equal(record.error?.name, 'NeedsPersonError')
    assert.match(record.error!.message, /Who is there/)
    assert.match(record.error!.message, /schedule/)
    assert.match(record.error!.message, /scheduleMode: 'queue'/)
  })
})
