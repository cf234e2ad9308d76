// Issue 13 in the real VS Code: connect to a `mini-interval serve` with a
// personal sign-in link, see the action queued for that person in the Inbox
// view (with the count badge), open it, answer its prompt in the webview, see
// it complete and leave the Inbox; a notification the server sends the person
// shows in VS Code.
import * as assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { EXTENSION_ID, setUpUiSuite, until } from './extension'
import { SERVER_HELLO, serveApi as api, serverRun, startServe, stopServe, type Serve } from './serveProcess'
import { foldPane, openPane } from './panes'
import { ui } from './ui'

const workbench = { frame: 'workbench' } as const
/** The workbench's view pane with this title. */
const pane = (title: string): string => `.pane:has(.pane-header:has-text("${title}"))`

/** An action that tells the person who ran it something (ctx.notify), then asks. */
const NOTIFY = `export default { name: 'Server notify', handler: async (io: any, ctx: any) => { await ctx.notify({ title: 'Stock', message: 'Refill the cold brew' }); return io.input.text('Anything else') } }\n`

describe('the Inbox with a server: a queued action, opened and run in VS Code', function () {
  this.timeout(240_000)
  let a: MiniIntervalApi
  let serve: Serve | undefined
  let data: string
  let link: string

  setUpUiSuite((ext) => (a = ext))

  before(async () => {
    const root = mkdtempSync(join(tmpdir(), 'mi-inbox-'))
    const folder = join(root, 'actions')
    data = join(root, 'data')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'server-hello.action.ts'), SERVER_HELLO)
    writeFileSync(join(folder, 'server-notify.action.ts'), NOTIFY)
    serve = await startServe(folder, data)
    // A member, so serve's token still works (it closes once an admin exists) to queue for her.
    const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath
    const added = execFileSync(process.execPath, [join(repo, 'dist', 'mini-interval.js'), 'users', 'add', 'grace@example.com', '--role', 'member', '--name', 'Grace Hopper', '--data', data, '--url', serve.base + '/'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      encoding: 'utf8',
    })
    link = /(http:\/\/\S+\/signin\?link=\S+)/.exec(added)?.[1] ?? ''
    assert.ok(link, `users add printed a link: ${added}`)
  })

  after(async () => {
    await foldPane('Inbox').catch(() => undefined)
    await foldPane('Schedules').catch(() => undefined)
    await vscode.commands.executeCommand('miniInterval.disconnectServer').then(undefined, () => undefined)
    await stopServe(serve)
  })

  it('shows the item queued for the signed-in person, with the badge; opening it runs it and it leaves the Inbox', async () => {
    const { item } = await api<{ item: { id: string; runId: string } }>(serve!, '/api/queue', { slug: 'server-hello', assignee: 'grace@example.com', title: 'Say hello to the team' })
    // Someone else's item: not in Grace's Inbox.
    await api(serve!, '/api/queue', { slug: 'server-hello', assignee: 'nobody-else@example.com' }).then(
      () => assert.fail('an assignee who is not a person of the server is refused'),
      (e: Error) => assert.match(e.message, /400/),
    )
    assert.equal(await vscode.commands.executeCommand('miniInterval.connectServer', link), `127.0.0.1:${serve!.port}`)
    assert.equal(a.server.email, 'grace@example.com')
    await until('the Inbox to read the server\'s item', () => a.inbox.items.server.length === 1, 20_000)
    // The count badge on the Mini Interval activity bar icon, the Inbox view folded or not.
    const badge = await until('the badge', async () => {
      const text = await ui.text({ ...workbench, css: '.activitybar .action-item:has(.action-label[aria-label^="Mini Interval"]) .badge-content' }).catch(() => '')
      return text.trim() ? text.trim() : undefined
    }, 10_000)
    assert.equal(Number(badge), a.inbox.count)
    await openPane('Inbox')
    const rows = await until('the Inbox to show the server\'s item', async () => {
      const r = await ui.treeItems('Inbox')
      return r.some((x) => x.label.startsWith('Say hello to the team')) ? r : undefined
    }, 30_000)
    assert.ok(rows.some((r) => r.label.startsWith(`Server 127.0.0.1:${serve!.port}`)), rows.map((r) => r.label).join(' | '))
    for (const theme of ['dark', 'light', 'hc'] as const) {
      await ui.setTheme(theme)
      await ui.screenshot(`inbox-server-${theme}`)
    }
    await ui.setTheme('light')

    // A click on its row opens it: the server starts its run as Grace, and it shows in a server tab.
    await ui.click({ ...workbench, css: `${pane('Inbox')} .monaco-list-row[aria-label^="Say hello to the team"]` })
    const panel = { title: 'Server hello' }
    await ui.waitFor({ ...panel, label: 'Your name' }, { timeoutMs: 30_000 })
    await ui.fill('Your name', 'Grace', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const entry = await serverRun(serve!, item.runId, 'completed')
    assert.equal(entry.result, 'Hello, Grace')
    assert.match(JSON.stringify(entry), /grace@example\.com/, 'the run is Grace\'s')
    await until('the item to leave the Inbox', async () => {
      const r = await ui.treeItems('Inbox')
      return !r.some((x) => x.label.startsWith('Say hello to the team')) && a.inbox.items.server.length === 0
    }, 30_000)
    // Opened again (a stale row, another window): the server says it is done.
    await assert.rejects(a.server.client!.openQueued(item.id), /409|done|withdrawn/i)
  })

  it('queues an action through the command, and its creator withdraws it', async () => {
    const id = await vscode.commands.executeCommand<string | undefined>('miniInterval.queueAction', { slug: 'server-hello', server: true, params: {}, assignee: 'grace@example.com', title: 'Hello again' })
    assert.ok(id, 'queueAction returned the item\'s id')
    await until('the new item in the Inbox', () => a.inbox.items.server.some((i) => i.id === id), 20_000)
    const node = { kind: 'item' as const, item: a.inbox.items.server.find((i) => i.id === id)!, server: true }
    assert.equal(await vscode.commands.executeCommand('miniInterval.withdrawQueued', node), true)
    await until('it to leave the Inbox', () => !a.inbox.items.server.some((i) => i.id === id), 20_000)
  })

  it('lists the server\'s schedules under its own root; a member may not remove one', async () => {
    // Added as the server's own user (serve's token: no admin exists yet).
    const { schedule } = await api<{ schedule: { id: string } }>(serve!, '/api/schedules', { slug: 'server-hello', cron: '0 9 * * 1', timezone: 'Europe/Paris' })
    await openPane('Schedules')
    const rows = await until('the Schedules view to list it', async () => {
      const r = await ui.treeItems('Schedules')
      return r.some((x) => /^Server hello, 0 9 \* \* 1 Europe\/Paris, next in .* days?, added$/.test(x.label)) ? r : undefined
    }, 30_000)
    assert.ok(rows.some((r) => r.label.startsWith(`Server 127.0.0.1:${serve!.port}`)), rows.map((r) => r.label).join(' | '))
    await ui.screenshot('schedules-server')
    // Grace is a member: the server refuses, and the schedule stays.
    assert.equal(await vscode.commands.executeCommand('miniInterval.removeSchedule', { id: schedule.id, server: true }), false)
    assert.ok((await a.server.client!.schedules()).some((s) => s.id === schedule.id))
  })

  it('shows a notification the server sends the person, whose Show opens the run', async () => {
    const id = await vscode.commands.executeCommand<string>('miniInterval.runServerAction', 'server-notify')
    assert.ok(id)
    // Headless, VS Code draws no toast but announces the notification to screen readers (.monaco-alert).
    await ui.waitFor({ ...workbench, css: '.monaco-alert:has-text("Stock: Refill the cold brew")' }, { state: 'attached', timeoutMs: 30_000 })
    // The notification center lists it, with its button.
    await vscode.commands.executeCommand('notifications.showList')
    const row = '.notifications-center .notification-list-item:has-text("Stock: Refill the cold brew")'
    await ui.waitFor({ ...workbench, css: row }, { timeoutMs: 10_000 })
    await ui.screenshot('inbox-server-notification')
    await ui.click({ ...workbench, css: `${row} .monaco-button:has-text("Show")` })
    await vscode.commands.executeCommand('notifications.hideList')
    await ui.waitFor({ title: 'Server notify', label: 'Anything else' }, { timeoutMs: 30_000 })
    await a.server.client!.message(id, { type: 'cancel' })
  })
})
