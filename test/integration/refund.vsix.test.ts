// The packaged .vsix, installed with `code-server --install-extension` like a
// user would, runs the example refund action.
import * as assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import * as vscode from 'vscode'
import { api, finished, indexSettled, refundCharges, run, until } from './extension'
import { ui } from './ui'

describe('the installed .vsix', function () {
  this.timeout(120_000)

  it('is the installed copy, not the development folder', async () => {
    const ext = vscode.extensions.getExtension('mini-interval.mini-interval')
    assert.ok(ext, 'mini-interval.mini-interval is not installed')
    assert.match(ext.extensionUri.path, /\/extensions\/mini-interval\.mini-interval-\d+\.\d+\.\d+/)
  })

  it('runs the refund action', async () => {
    ui.require()
    const a = await api()
    await indexSettled(a)
    const id = await run('billing/refund')
    const panel = { title: 'Refund customer' }
    await ui.fill('Customer email', 'grace@example.com', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await refundCharges('', ['ch_2001'])
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { email: 'grace@example.com', refunded: ['ch_2001'], total: '$99.00' })
    await ui.waitFor({ ...panel, testid: 'result' })
    await ui.screenshot('vsix-refund-result')
  })

  it('compiles with the native esbuild this platform\'s .vsix carries, and says so in its output channel', async () => {
    const a = await api()
    const ext = vscode.extensions.getExtension('mini-interval.mini-interval')!
    assert.ok(existsSync(vscode.Uri.joinPath(ext.extensionUri, 'dist', 'native', 'bin', 'esbuild').fsPath), 'the .vsix has no native esbuild')
    const line = await until('the output channel to name the compiler', () => {
      const text = existsSync(a.logFile) ? readFileSync(a.logFile, 'utf8') : ''
      return /Compiling actions with (native esbuild|esbuild-wasm)[^\n]*/.exec(text)?.[0]
    }, 20_000)
    assert.match(line, /native esbuild/)
  })
})
