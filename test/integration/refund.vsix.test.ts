// The packaged .vsix, installed with `code-server --install-extension` like a
// user would, runs the example refund action.
import * as assert from 'node:assert/strict'
import * as vscode from 'vscode'
import { api, finished, indexSettled, refundCharges, run } from './extension'
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
})
