// Issue 7 in real VS Code: logs and progress, a redirect with params to an
// unlisted action, a backgroundable action reopened from History, a stack
// link that opens the source, a re-run, and filtering and searching History.
import * as assert from 'node:assert/strict'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { closeEditors, finished, run, setUpUiSuite, tableRow, until } from './extension'
import { ui } from './ui'

describe('transactions and History', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi

  setUpUiSuite((ext) => (a = ext))

  it('shows logs and progress live, keeps them in History, and shows an array result as a table', async () => {
    const id = await run('lifecycle/import-users')
    const panel = { title: 'Import users' }
    await ui.waitFor({ ...panel, label: 'Source file' })
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'Importing users' })
    await ui.waitFor({ ...panel, text: 'Imported ada' })
    await ui.screenshot('lifecycle-progress')
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.logs, ['Imported ada', 'Imported grace', 'Imported linus', 'Imported margaret', 'Done: 4 users from crm-export.csv'])
    // The result (an array of objects) is the table component, with its rows.
    await ui.waitFor({ ...panel, ...tableRow('grace@example.com') })
    assert.equal(await ui.count({ ...panel, testid: 'table-row' }), 4)
    await ui.screenshot('lifecycle-result-table')
    // History's detail shows the progress milestones and the log.
    await closeEditors(a)
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', id)
    await ui.waitFor({ title: 'Import users', text: 'Imported margaret' })
    await ui.waitFor({ title: 'Import users', text: '4 of 4' })
    await ui.screenshot('lifecycle-history-detail')
  })

  it('redirects to an unlisted action with params, and runs it again from History', async () => {
    assert.ok(a.index.find('lifecycle/greet'), 'the unlisted action is indexed')
    assert.ok(!a.index.listed().some((e) => e.slug === 'lifecycle/greet'), 'but not listed')
    const tree = await ui.treeItems('Actions')
    assert.ok(tree.some((r) => r.label.startsWith('Welcome a customer')) && !tree.some((r) => r.label.startsWith('Greet')), JSON.stringify(tree))

    const id = await run('lifecycle/welcome')
    await ui.fill('Customer name', 'Katherine Johnson', { title: 'Welcome a customer' })
    await ui.press('Enter', { title: 'Welcome a customer', label: 'Customer name' })
    const welcome = await finished(a, id, ['redirected', 'failed'])
    assert.equal(welcome.status, 'redirected', JSON.stringify(welcome.error))
    assert.deepEqual(welcome.end?.redirect, { route: 'lifecycle/greet', params: { name: 'Katherine Johnson' } })
    // The redirect started Greet with those params, in its own tab.
    await ui.waitFor({ title: 'Greet', text: 'Hello, Katherine Johnson!' })
    const greetId = (await a.history.query({ action: 'lifecycle/greet', limit: 1 })).items[0]!.id
    const greet = await finished(a, greetId)
    assert.deepEqual(greet.params, { name: 'Katherine Johnson' })
    assert.equal((greet.result as { greeting: string }).greeting, 'Hello, Katherine Johnson!')
    assert.deepEqual(greet.logs, ['Greeting Katherine Johnson (development)'])

    // Re-run from the History detail: a new transaction with the same params.
    await closeEditors(a)
    await vscode.commands.executeCommand('miniInterval.openHistoryEntry', greetId)
    await ui.click({ title: 'Greet', role: 'button', name: 'Re-run with the same params' })
    const again = await until('a second Greet', () => {
      const items = a.history.query({ action: 'lifecycle/greet', limit: 5 }).items
      return items.find((s) => s.id !== greetId && s.status === 'completed')
    })
    assert.deepEqual(a.history.read(again.id).params, { name: 'Katherine Johnson' })
  })

  it('keeps a backgroundable action running when its tab closes, and reopens it from History', async () => {
    const id = await run('lifecycle/nightly-report')
    await ui.waitFor({ title: 'Nightly report', text: 'Building the report' })
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor')
    await new Promise((r) => setTimeout(r, 500))
    assert.equal(a.transactions.liveStatus(id), 'running', 'still running with its tab closed')
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    await until('History to show it running', async () => (await ui.treeItems('History')).some((r) => /Nightly report, (running|waiting)/i.test(r.label)))
    await until('it to wait for input', () => a.transactions.liveStatus(id) === 'awaiting', 30_000)
    // A click on its History row brings its tab back, at the prompt.
    await ui.click({ frame: 'workbench', css: '.pane:has(.pane-header[aria-label*="History"]) .monaco-list-row[aria-label^="Nightly report, waiting"]' })
    await ui.waitFor({ title: 'Nightly report', text: 'Send the report to the team?' })
    await ui.screenshot('lifecycle-backgroundable-reopened')
    await ui.click({ title: 'Nightly report', role: 'button', name: 'Yes' })
    const r = await finished(a, id)
    assert.deepEqual(r.result, { sections: 4, sent: true })
  })

  it('shows a failure with its cause, and a stack link that opens the source line', async () => {
    const id = await run('demos/fails')
    const panel = { title: 'Sync ledger' }
    await ui.waitFor({ ...panel, label: 'Batch size' })
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, testid: 'error' })
    const error = await ui.text({ ...panel, testid: 'error' })
    assert.match(error, /PaymentGatewayError/)
    assert.match(error, /HTTP 503 from gateway/, 'the cause is shown')
    assert.doesNotMatch(error, /worker\.js/, "the extension's own frames are dropped")
    assert.equal((await finished(a, id)).status, 'failed')
    await ui.screenshot('lifecycle-error-stack')
    await ui.click({ ...panel, testid: 'stack-link' })
    const editor = await until('the source to open', () => {
      const e = vscode.window.activeTextEditor
      return e?.document.uri.fsPath.endsWith('fails.action.ts') && e
    })
    const line = editor.document.lineAt(editor.selection.active.line).text
    assert.match(line, /throw new PaymentGatewayError/, `opened at line ${editor.selection.active.line + 1}: ${line}`)
  })

  it('filters History by action and status and searches its text', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
    // Search, as a person does: the palette, then the input box.
    await ui.command('Mini Interval: Search History…')
    await ui.waitFor({ frame: 'workbench', css: '.quick-input-widget:has-text("Search History") input' })
    await ui.type('Katherine Johnson')
    await ui.press('Enter', { frame: 'workbench' })
    const found = await until('History to show only runs mentioning Katherine Johnson', async () => {
      const rows = (await ui.treeItems('History')).filter((r) => r.level === 2)
      return rows.length > 0 && rows.every((r) => /^(Greet|Welcome a customer),/.test(r.label)) && rows
    })
    assert.ok(found.some((r) => r.label.includes('Welcome a customer')), 'the answer "Katherine Johnson" is searched')
    await ui.screenshot('history-search')
    // Filter by action and status (the picker's result, given directly).
    await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
    await vscode.commands.executeCommand('miniInterval.filterHistory', { action: 'demos/fails', status: ['failed'] })
    await until('History to show only failed Sync ledger runs', async () => {
      const rows = (await ui.treeItems('History')).filter((r) => r.level === 2)
      return rows.length > 0 && rows.every((r) => /^Sync ledger \(fails\), failed/.test(r.label))
    })
    await ui.screenshot('history-filter')
    await vscode.commands.executeCommand('miniInterval.clearHistoryFilter')
  })
})
