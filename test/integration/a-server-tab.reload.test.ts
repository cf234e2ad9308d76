// After a window reload, a server transaction's tab comes back (issue 12 §4):
// the connection kept in globalState and SecretStorage is restored, the tab
// VS Code revived follows its transaction again, with what was typed, and is
// answered there. Runs first in the reload phase (files run in name order) and
// disconnects, so the suites after it see no server.
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import * as vscode from 'vscode'
import { api, until } from './extension'
import { leftFile } from './leftBehind'
import { serverRun, stopServe } from './serveProcess'
import { ui } from './ui'

describe('a server tab after a reload', function () {
  this.timeout(120_000)

  it('reconnects, revives the tab at its prompt with the draft, and is answered there', async () => {
    const a = await api()
    const serve = JSON.parse(readFileSync(leftFile(a.history.dir, 'reload-serve'), 'utf8')) as { pid: number; base: string; token: string }
    const id = readFileSync(leftFile(a.history.dir, 'server-tx'), 'utf8').trim()
    try {
      await until('the connection to be restored', () => a.server.client?.base === serve.base && a.server.status.kind === 'online', 40_000)
      const panel = { title: 'Server hello' }
      // VS Code restores a background tab's page only when it is shown: click it, as a person would.
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('miniInterval.serverTransaction'))
      assert.ok(tab, `the server tab came back (tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')})`)
      await ui.click({ frame: 'workbench', css: `.tabs-container .tab[aria-label^="${tab.label}"]` })
      // Several tabs came back; bring this one forward until its prompt shows.
      await until('the revived server tab at its prompt', async () => {
        const p = await until('the server tab to be revived', () => a.remotePanels.get(id), 40_000)
        p.ui.panel.reveal()
        return ui.waitFor({ ...panel, label: 'Your name' }, { timeoutMs: 4000 }).then(() => true, () => false)
      }, 60_000)
      assert.equal(await ui.attr({ ...panel, label: 'Your name' }, 'value'), 'Grace')
      await ui.screenshot('server-tab-after-reload')
      await ui.click({ ...panel, role: 'button', name: 'Submit' })
      const entry = await serverRun(serve, id, 'completed')
      assert.equal(entry.result, 'Hello, Grace')
    } finally {
      await vscode.commands.executeCommand('miniInterval.disconnectServer')
      await stopServe({ pid: serve.pid })
    }
    // Without the server, the local actions and runs are there as before.
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    await until('the local actions again', async () => (await ui.treeItems('Actions')).some((r) => /Refund customer/.test(r.label)), 30_000)
    await until('the local runs again', async () => (await ui.treeItems('History')).length > 0, 30_000)
  })
})
