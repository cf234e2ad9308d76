// Smoke test (main phase): the extension is installed in the real VS Code,
// activates, and the UI bridge can see the workbench.
import * as assert from 'node:assert/strict'
import * as vscode from 'vscode'
import { ui } from './ui'

const EXTENSION_ID = 'mini-interval.mini-interval'

describe('activation', () => {
  it('finds and activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the extension host`)
    await ext.activate()
    assert.equal(ext.isActive, true)
  })

  it('runs in a trusted workspace with the examples folder open', () => {
    assert.equal(vscode.workspace.isTrusted, true)
    const folders = vscode.workspace.workspaceFolders ?? []
    assert.ok(folders.some((f) => f.uri.path.endsWith('/examples')), `workspace folders: ${folders.map((f) => f.uri.toString())}`)
  })

  it('reaches the workbench through the UI bridge', async () => {
    assert.ok(ui.available, 'MINI_INTERVAL_UI_BRIDGE is not set: run through scripts/test-integration.mjs')
    await ui.waitFor({ frame: 'workbench', css: '.monaco-workbench' })
    const path = await ui.screenshot('workbench')
    assert.match(path, /workbench\.png$/)
  })
})
