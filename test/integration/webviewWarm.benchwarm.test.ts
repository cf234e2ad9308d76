// Before the speed benchmark's fresh window (bench): a window that shows this
// browser its first webview, as any browser that ever showed VS Code a webview
// has. A new browser profile registers VS Code's webview service worker at its
// first webview (VS Code's own `content/workerReady` wait, seconds right after
// the browser starts); bench then measures our first Run in a fresh window, not
// that once-per-profile cost, which is written here for the bench table.
// A bare webview, not ours: nothing of Mini Interval is compiled, run or cached.
import * as assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import * as vscode from 'vscode'
import { benchOut } from './benchFiles'

describe('the browser before the speed benchmark', function () {
  this.timeout(120_000)

  it("shows the browser's first webview", async () => {
    const t0 = performance.now()
    const panel = vscode.window.createWebviewPanel('miniIntervalBench.warm', 'First webview', vscode.ViewColumn.Active, { enableScripts: true })
    const loaded = new Promise<unknown>((resolve) => panel.webview.onDidReceiveMessage(resolve))
    const nonce = randomBytes(16).toString('base64')
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'"></head>` +
      `<body>First webview<script nonce="${nonce}">acquireVsCodeApi().postMessage('loaded')</script></body></html>`
    assert.equal(await loaded, 'loaded')
    const firstWebviewMs = performance.now() - t0
    panel.dispose()
    const file = benchOut().replace(/\.json$/, '.browser.json')
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify({ firstWebviewMs }))
  })
})
