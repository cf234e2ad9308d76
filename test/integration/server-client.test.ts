// VS Code as a client of `mini-interval serve` (issue 12 §4), in the real
// extension host: a serve child started here, connected through the command,
// its actions in the Actions tree under their own root, one run in a panel and
// answered in the webview, one started through the API (as the browser does)
// and continued in VS Code from History, the view saying so while serve is
// down and coming back when it is up again, and Disconnect.
import * as assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { EXTENSION_ID, setUpUiSuite, until } from './extension'
import { SERVER_HELLO, serveApi as api, serverRun, startServe, stopServe, waitingAt, type Serve } from './serveProcess'
import { ui } from './ui'

const TWO_STEPS = `export default {
  name: 'Server two steps',
  handler: async (io: any) => {
    const order = await io.input.text('Order id')
    const note = await io.input.text('Approval note')
    return { order, note }
  },
}
`

/** The workbench's view pane with this title (a CSS selector for the UI bridge). */
const pane = (title: string): string => `.pane:has(.pane-header:has-text("${title}"))`

describe('VS Code as a client of mini-interval serve', function () {
  this.timeout(240_000)
  let a: MiniIntervalApi
  let serve: Serve | undefined
  let folder: string
  let data: string

  setUpUiSuite((ext) => (a = ext))

  before(async () => {
    const root = mkdtempSync(join(tmpdir(), 'mi-serve-client-'))
    folder = join(root, 'actions')
    data = join(root, 'data')
    mkdirSync(join(folder, 'ops'), { recursive: true })
    writeFileSync(join(folder, 'ops', 'two-steps.action.ts'), TWO_STEPS)
    writeFileSync(join(folder, 'server-hello.action.ts'), SERVER_HELLO)
    serve = await startServe(folder, data)
  })

  after(async () => {
    // Leave the window as the other suites expect it: no server, no roots.
    await vscode.commands.executeCommand('miniInterval.disconnectServer').then(undefined, () => undefined)
    await stopServe(serve)
  })

  it('connects through the command and shows the server\'s actions under their own root', async () => {
    const label = await vscode.commands.executeCommand<string | undefined>('miniInterval.connectServer', serve!.url)
    assert.equal(label, `127.0.0.1:${serve!.port}`)
    assert.equal(a.server.label, label)
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    // The local actions are still there, one level down, under their own root.
    const before = await until('the local root', async () => {
      const r = await ui.treeItems('Actions')
      return r.some((x) => x.label.startsWith('This workspace')) && r.some((x) => /Refund customer/.test(x.label)) ? r : undefined
    }, 30_000)
    assert.equal(before.find((r) => r.label.startsWith('This workspace'))!.level, 1)
    assert.ok(before.find((r) => /Refund customer/.test(r.label))!.level >= 2)
    // Rows off screen are not in the DOM: fold the local root to see the server's below it.
    await ui.click({ frame: 'workbench', css: `${pane('Actions')} .monaco-list-row[aria-label^="This workspace"]` })
    const rows = await until('the server root with its actions', async () => {
      const r = await ui.treeItems('Actions')
      return r.some((x) => x.label.includes('Server two steps')) && r.some((x) => x.label.includes('Server hello')) ? r : undefined
    }, 30_000)
    const labels = rows.map((r) => r.label)
    assert.ok(labels.some((l) => l.startsWith(`Server ${label}`)), labels.join(' | '))
    const hello = rows.find((r) => r.label.includes('Server hello'))!
    assert.equal(hello.level, 2)
    // The token is kept as a secret, never in settings.
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('miniInterval')).includes(serve!.token))
    await ui.screenshot('server-client-actions')
    // The roots, their icons and the server's rows in the dark and high-contrast themes too.
    const previous = await ui.setTheme('dark')
    try {
      await ui.screenshot('server-client-actions-dark')
      await ui.setTheme('hc')
      await ui.screenshot('server-client-actions-hc')
    } finally {
      await ui.setTheme(previous ?? 'light')
    }
  })

  it('refuses an address without its token or with a wrong one, and reconnects from what it kept', async () => {
    const base = `http://127.0.0.1:${serve!.port}`
    assert.equal(await vscode.commands.executeCommand('miniInterval.connectServer', `${base}/`), undefined)
    assert.equal(await vscode.commands.executeCommand('miniInterval.connectServer', `${base}/?token=not-the-token`), undefined)
    // A refused address changes nothing: the server connected before stays.
    assert.equal(a.server.label, `127.0.0.1:${serve!.port}`)
    // What the next activation does: the address from globalState, the token from SecretStorage.
    const before = a.server.client
    await a.server.restore()
    assert.notEqual(a.server.client, before, 'restore() opened a new connection')
    assert.equal(a.server.client?.base, base)
    await until('the restored connection to be online', () => a.server.status.kind === 'online' && a.server.listing?.actions.length === 2)
  })

  it('runs a server action in a panel, answered in the webview', async () => {
    const id = await vscode.commands.executeCommand<string | undefined>('miniInterval.runServerAction', 'server-hello')
    assert.ok(id, 'runServerAction returned no transaction id')
    const panel = { title: 'Server hello' }
    await ui.waitFor({ ...panel, label: 'Your name' }, { timeoutMs: 30_000 })
    await ui.fill('Your name', 'Ada', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const entry = await serverRun(serve!, id!, 'completed')
    assert.equal(entry.result, 'Hello, Ada')
    // The panel shows the end as the server has it.
    await ui.waitFor({ ...panel, text: 'Hello, Ada' }, { timeoutMs: 20_000 })
    await ui.screenshot('server-client-panel-done')
  })

  it('continues in VS Code a transaction started in the browser, from History, and the other way round', async () => {
    // Started and half answered as the browser page does it.
    const { id } = await api<{ id: string }>(serve!, '/api/run', { slug: 'ops/two-steps' })
    const first = await waitingAt(serve!, id, 'Order id')
    await api(serve!, `/api/tx/${id}/message`, { type: 'submit', seq: first, values: ['ord_42'] })
    // History lists it under the server's root, waiting; a click opens it at its second prompt.
    await until('History\'s roots', async () => (await ui.treeItems('History')).some((r) => r.label.startsWith('This workspace')))
    await ui.click({ frame: 'workbench', css: `${pane('History')} .monaco-list-row[aria-label^="This workspace"]` })
    const row = await until('History to show the server run waiting', async () => {
      const rows = await ui.treeItems('History')
      return rows.find((r) => /Server two steps, waiting/i.test(r.label))
    }, 30_000)
    assert.ok(row.level >= 3, `a server run sits under its root and day (level ${row.level})`)
    await ui.click({ frame: 'workbench', css: `${pane('History')} .monaco-list-row[aria-label^="Server two steps, waiting"]` })
    const panel = { title: 'Server two steps' }
    await ui.waitFor({ ...panel, label: 'Approval note' }, { timeoutMs: 30_000 })
    await ui.screenshot('server-client-continued')
    await ui.fill('Approval note', 'approved in VS Code', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const entry = await serverRun(serve!, id, 'completed')
    assert.deepEqual(entry.result, { order: 'ord_42', note: 'approved in VS Code' })

    // The other way: started in VS Code, its first answer given by the browser, the panel follows.
    const id2 = await vscode.commands.executeCommand<string>('miniInterval.runServerAction', 'ops/two-steps')
    const panel2 = { title: 'Server two steps — waiting' }
    await ui.waitFor({ ...panel2, label: 'Order id' }, { timeoutMs: 30_000 })
    const waiting = await waitingAt(serve!, id2, 'Order id')
    await api(serve!, `/api/tx/${id2}/message`, { type: 'submit', seq: waiting, values: ['ord_7'] })
    await ui.waitFor({ ...panel2, label: 'Approval note' }, { timeoutMs: 30_000 })
    await ui.fill('Approval note', 'both sides', panel2)
    await ui.click({ ...panel2, role: 'button', name: 'Submit' })
    assert.deepEqual((await serverRun(serve!, id2, 'completed')).result, { order: 'ord_7', note: 'both sides' })
  })

  it('stops a server run from History', async () => {
    const { id } = await api<{ id: string }>(serve!, '/api/run', { slug: 'ops/two-steps' })
    await waitingAt(serve!, id, 'Order id')
    assert.equal(await vscode.commands.executeCommand('miniInterval.stopServerRun', id), true)
    const entry = await serverRun(serve!, id, 'canceled')
    assert.ok(entry.end?.canceledBy, 'the server records who canceled it')
  })

  it('says so while the server is down, and comes back when it is up again', async () => {
    const port = serve!.port
    await stopServe(serve)
    await until('the Actions view to say the server is unreachable', async () => (await ui.treeItems('Actions')).some((r) => r.label.includes('Server unreachable — retrying')), 30_000)
    await until('History to say so too', async () => (await ui.treeItems('History')).some((r) => r.label.includes('Server unreachable — retrying')), 10_000)
    // Nothing hangs: a command against the down server fails within its timeout.
    const t0 = Date.now()
    assert.equal(await vscode.commands.executeCommand('miniInterval.runServerAction', 'server-hello'), undefined)
    assert.ok(Date.now() - t0 < 15_000, `runServerAction took ${Date.now() - t0} ms`)
    await ui.screenshot('server-client-unreachable')
    serve = await startServe(folder, data, { port })
    await vscode.commands.executeCommand('miniInterval.retryServer')
    await until('the server\'s actions again', async () => {
      const rows = await ui.treeItems('Actions')
      return !rows.some((r) => r.label.includes('unreachable')) && rows.some((r) => r.label.includes('Server hello'))
    }, 40_000)
    assert.equal(a.server.status.kind, 'online')
  })

  it('connects with a personal sign-in link: the session is kept, the link works once, and answers say who', async () => {
    // `mini-interval users add`, as the server's admin runs it on its machine.
    const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath
    const added = execFileSync(process.execPath, [join(repo, 'dist', 'mini-interval.js'), 'users', 'add', 'ada@example.com', '--role', 'developer', '--name', 'Ada Lovelace', '--data', data, '--url', serve!.base + '/'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      encoding: 'utf8',
    })
    const link = /(http:\/\/\S+\/signin\?link=\S+)/.exec(added)?.[1]
    assert.ok(link, `users add printed a link: ${added}`)
    assert.equal(await vscode.commands.executeCommand('miniInterval.connectServer', link), `127.0.0.1:${serve!.port}`)
    await until('the server online with the session', () => a.server.status.kind === 'online' && a.server.listing?.actions.length === 2)
    // What VS Code keeps is a session token, not the link (which is spent) nor serve's token.
    assert.notEqual((a.server.client as unknown as { token: string }).token, serve!.token)
    assert.equal(await vscode.commands.executeCommand('miniInterval.connectServer', link), undefined, 'a used link does not sign in again')
    assert.equal(a.server.status.kind, 'online', 'a refused link leaves the session as it was')

    const id = await vscode.commands.executeCommand<string>('miniInterval.runServerAction', 'server-hello')
    const panel = { title: 'Server hello' }
    await ui.waitFor({ ...panel, label: 'Your name' }, { timeoutMs: 30_000 })
    await ui.fill('Your name', 'Ada', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const entry = await serverRun(serve!, id, 'completed')
    assert.match(JSON.stringify(entry.steps[0]), /ada@example\.com|Ada Lovelace/, 'the answer records who gave it')

    // History by person: Ada's run, not the ones started with serve's token.
    await vscode.commands.executeCommand('miniInterval.filterHistoryByPerson', 'ada@example.com')
    try {
      const rows = await until('History to show only Ada\'s server run', async () => {
        const r = await ui.treeItems('History')
        return r.some((x) => /Server hello, completed/i.test(x.label)) && !r.some((x) => /Server two steps/i.test(x.label)) ? r : undefined
      }, 30_000)
      assert.ok(rows.length > 0)
    } finally {
      await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
    }
  })

  it('disconnects: the roots go, the local actions stay', async () => {
    await vscode.commands.executeCommand('miniInterval.disconnectServer')
    assert.equal(a.server.connected, false)
    await until('the roots to go', async () => {
      const rows = await ui.treeItems('Actions')
      return !rows.some((r) => r.label.startsWith('This workspace') || r.label.includes('Server hello')) && rows.some((r) => /Refund customer/.test(r.label))
    })
    await until('History\'s roots to go', async () => !(await ui.treeItems('History')).some((r) => r.label.startsWith('This workspace')))
  })
})
