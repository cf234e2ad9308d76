// The main user flows, in a real extension host, typing into the real webview.
import * as assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { finished, run, setUpUiSuite, tableRow, until } from './extension'
import { ui } from './ui'

describe('Mini Interval in VS Code', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi
  const examples = () => vscode.workspace.workspaceFolders![0].uri.fsPath

  setUpUiSuite((ext) => (a = ext))

  it('lists the example actions in the Actions tree', async () => {
    const slugs = a.index.all().map((e) => e.slug)
    for (const s of ['billing/refund', 'demos/fails', 'demos/spin', 'hello']) assert.ok(slugs.includes(s), `missing ${s} in ${slugs}`)
    assert.deepEqual(a.index.all().filter((e) => e.state !== 'ready').map((e) => e.slug), [])
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    const items = await until('the Actions tree to show the refund action', async () => {
      const rows = await ui.treeItems('Actions')
      return rows.some((r) => r.label.includes('Refund customer')) && rows
    })
    assert.ok(items.some((r) => r.label.includes('Billing')), 'folders are groups')
    await ui.screenshot('actions-tree')
  })

  it('runs the refund action end to end: email, a charges table searched and picked, refunds with progress', async () => {
    const id = await run('billing/refund')
    const panel = { title: 'Refund customer' }
    await ui.waitFor({ ...panel, label: 'Customer email' })
    // A bad email is refused next to the field, and nothing reaches the action.
    await ui.fill('Customer email', 'not-an-email', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'valid email' })
    await ui.fill('Customer email', 'ada@example.com', panel)
    await ui.press('Enter', { ...panel, label: 'Customer email' })
    await ui.waitFor({ ...panel, ...tableRow('ch_1006') })
    assert.equal(await ui.count({ ...panel, testid: 'table-row' }), 6)
    // Search narrows the rows; Submit with none picked is refused (minSelections: 1).
    await ui.fill('Search Charges to refund', 'pro plan', panel)
    await until('4 matching rows', async () => (await ui.count({ ...panel, testid: 'table-row' })) === 4)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'Choose at least 1.' })
    await ui.click({ ...panel, ...tableRow('ch_1002') })
    await ui.click({ ...panel, ...tableRow('ch_1004') })
    await until('2 selected', async () => (await ui.text({ ...panel, testid: 'selected-count' })).startsWith('2 selected'))
    for (const theme of ['light', 'dark', 'hc'] as const) {
      await ui.setTheme(theme)
      await ui.screenshot(`refund-table-${theme}`)
    }
    await ui.setTheme('dark')
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    // Each refund takes a moment: the panel shows the progress between prompts.
    await ui.waitFor({ ...panel, text: 'of 2 completed' })
    await ui.screenshot('refund-progress-dark')
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    // The action got its own charge objects back: their ids and amounts.
    assert.deepEqual(r.result, { email: 'ada@example.com', refunded: ['ch_1002', 'ch_1004'], total: '$98.00' })
    assert.deepEqual(r.logs, ['Refunded ch_1002 ($49.00)', 'Refunded ch_1004 ($49.00)'])
    assert.deepEqual((r.steps[1].chosenRows?.['0']?.rows ?? []).map((row) => row[0]), ['ch_1002', 'ch_1004'])
    const shown = await ui.text({ ...panel, testid: 'result' })
    assert.match(shown, /\$98\.00/)
    await ui.screenshot('result-dark')
  })

  it('runs an action picked from the palette', async () => {
    await ui.command('Mini Interval: Run Action')
    await ui.type('Hello')
    await ui.press('Enter', { frame: 'workbench' })
    const panel = { title: 'Hello' }
    await ui.fill('Your name', 'Grace', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.fill('How many times?', '2', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await until('the result', async () => /Hello, Grace! Hello, Grace!/.test(await ui.text({ ...panel, testid: 'result' })))
  })

  it('shows a throwing action as failed, with its error and the source line', async () => {
    const id = await run('demos/fails')
    const panel = { title: 'Sync ledger' }
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const r = await finished(a, id)
    assert.equal(r.status, 'failed')
    assert.equal(r.error?.name, 'PaymentGatewayError')
    assert.match(r.error?.stack ?? '', /fails\.action\.ts:\d+/)
    const shown = await ui.text({ ...panel, testid: 'error' })
    assert.match(shown, /PaymentGatewayError/)
    assert.match(shown, /HTTP 503/)
  })

  it('shows a broken action file as broken without affecting the others', async () => {
    const file = join(examples(), 'demos', 'broken.action.ts')
    writeFileSync(file, `export default async (io) => {\n  const x = ;\n}\n`)
    try {
      const entry = await until('the broken file to be reported', () => {
        const e = a.index.find(file)
        return e?.state === 'broken' && e
      })
      assert.match(entry.error ?? '', /broken\.action\.ts:2/)
      const diags = vscode.languages.getDiagnostics(vscode.Uri.file(file))
      assert.equal(diags.length, 1)
      assert.equal(diags[0].range.start.line, 1)
      assert.ok(a.index.all().filter((e) => e.file.file !== file).every((e) => e.state === 'ready'))
      await until('the tree to show the broken file', async () => (await ui.treeItems('Actions')).some((r) => r.label.includes('broken')))
      await ui.screenshot('actions-tree-broken')
      assert.equal(await vscode.commands.executeCommand('miniInterval.runAction', 'demos/broken'), undefined, 'a broken action does not start')
      // Fixing the file (a change, not a create) updates the tree without a reload.
      writeFileSync(file, `export default { name: 'Fixed now', warnOnClose: false, handler: async (io) => io.input.text('Anything') }\n`)
      await until('the fixed file to load', () => a.index.find(file)?.name === 'Fixed now')
      assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(file)).length, 0, 'the problem is cleared')
      const fixed = await run(a.index.find(file)!.slug)
      await ui.fill('Anything', 'still works', { title: 'Fixed now' })
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor')
      assert.equal((await finished(a, fixed)).status, 'canceled', 'closing the panel of an action with warnOnClose: false cancels it')
      // Hello warns on close (Interval's default). VS Code refuses dialogs in tests,
      // which counts as "keep running": the transaction goes on and its tab comes back.
      const hello = await run('hello')
      await ui.waitFor({ title: 'Hello', label: 'Your name' })
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor')
      await until('the Hello tab to come back', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.startsWith('Hello'))))
      assert.equal(a.transactions.liveStatus(hello), 'awaiting', 'a refused close warning keeps the transaction')
    } finally {
      rmSync(file, { force: true })
    }
    await until('the deleted file to leave the tree', () => !a.index.find(file))
  })

  it('creates an example action that shows up and runs', async () => {
    await vscode.commands.executeCommand('miniInterval.createExampleAction')
    const file = vscode.window.activeTextEditor?.document.uri.fsPath ?? ''
    try {
      assert.match(file, /[\\/]hello\d+\.action\.ts$/, 'a new example file is created beside hello.action.ts and opened')
      await until('the example to load', () => a.index.find(file)?.state === 'ready')
      await run(a.index.find(file)!.slug)
      await ui.fill('Your name', 'Linus', { title: 'Hello' })
      await ui.click({ title: 'Hello', role: 'button', name: 'Submit' })
      await ui.click({ title: 'Hello', role: 'checkbox', name: 'Excited?' })
      await ui.click({ title: 'Hello', role: 'button', name: 'Submit' })
      await ui.waitFor({ title: 'Hello', text: 'Hello, Linus!' })
    } finally {
      if (file.endsWith('.action.ts')) rmSync(file, { force: true })
    }
  })

  it('cancels a forever-looping action while another action keeps running', async () => {
    const spin = await run('demos/spin')
    await ui.waitFor({ title: 'Spin forever', text: 'Spinning' })
    const hello = await run('hello')
    // The host and the other transaction stay responsive while `spin` loops.
    await ui.fill('Your name', 'Ada', { title: 'Hello' })
    await ui.click({ title: 'Hello', role: 'button', name: 'Submit' })
    await ui.waitFor({ title: 'Hello', label: 'How many times?' })
    assert.equal(a.history.read(spin).status, 'running')
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', spin)
    await ui.click({ title: 'Spin forever', role: 'button', name: 'Cancel transaction' })
    const t0 = Date.now()
    assert.equal((await finished(a, spin, ['canceled'], 5000)).status, 'canceled')
    assert.ok(Date.now() - t0 < 2000, 'canceled promptly')
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', hello)
    await ui.fill('How many times?', '1', { title: 'Hello' })
    await ui.click({ title: 'Hello', role: 'button', name: 'Submit' })
    assert.equal((await finished(a, hello)).result, 'Hello, Ada!')
  })

  it('lists transactions in History and opens a read-only view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    const rows = await until('History to list the transactions', async () => {
      const r = (await ui.treeItems('History')).filter((row) => row.level === 2)
      return r.length >= 4 && r
    })
    assert.match(rows[0].label, /^Hello, (waiting|completed)/, 'newest first, under its day')
    const refund = a.history.list().find((s) => s.actionName === 'Refund customer' && s.status === 'completed')!
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', refund.id)
    const panel = { title: 'Refund customer' }
    await ui.waitFor({ ...panel, text: 'Pro plan, November' }) // a chosen row of the charges table
    for (const theme of ['light', 'dark'] as const) {
      await ui.setTheme(theme)
      await ui.screenshot(`history-${theme}`)
    }
  })
})
