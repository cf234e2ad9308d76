// An existing Interval project (examples/interval: `new Interval({ routes, routesDirectory })`)
// shows its routes in the Actions tree, under their pages, and runs them.
import * as assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { finished, run, setUpUiSuite, until } from './extension'
import { ui } from './ui'

describe('an Interval project in VS Code', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi
  const routes = () => join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'interval/routes')

  setUpUiSuite((ext) => (a = ext))

  it('shows the routes of new Interval({ … }) under their pages', async () => {
    const find = (slug: string) => a.index.all().find((e) => e.slug === slug)
    await until('the Interval routes', () => find('orders/find_order')?.state === 'ready' && find('greet_user')?.state === 'ready')
    assert.equal(find('orders')!.route?.kind, 'page')
    assert.equal(find('orders/find_order')!.name, 'Find order')
    assert.match(find('orders/find_order')!.route!.source, /interval\/routes\/orders\/find_order\.ts$/)
    await vscode.commands.executeCommand('workbench.view.extension.miniInterval')
    // Rows off screen are not in the DOM: page down the tree, as a person would, until they show.
    await vscode.commands.executeCommand('miniInterval.actions.focus')
    const rows = await until('the Orders page and its action in the tree', async () => {
      const items = await ui.treeItems('Actions')
      if (!items.some((r, i) => r.label.includes('Orders') && items[i + 1]?.label.includes('Find order'))) {
        // Focus again each time: a notification or a closing tab may have taken the keyboard since.
        await vscode.commands.executeCommand('miniInterval.actions.focus')
        await ui.press('PageDown')
      }
      // The examples folder orders/ is a group named Orders too: the page is the one with Find order under it.
      const page = items.findIndex((r, i) => r.label.includes('Orders') && items[i + 1]?.label.includes('Find order'))
      return page >= 0 && items[page + 1]!.level === items[page]!.level + 1 && items
    })
    assert.ok(rows.length > 0)
    // A route without a name is named by its slug (the tree's last rows may be out of view, so asked of the index).
    assert.equal(a.index.listed().find((e) => e.slug === 'greet_user')?.name, 'greet_user')
    await ui.screenshot('interval-project-tree')
    // Back to the top, where the suites after this one look for their rows.
    await ui.press('Home')
  })

  it('runs a routesDirectory action, answered in its panel', async () => {
    const id = await run('orders/find_order')
    const panel = { title: 'Find order' }
    await ui.waitFor({ ...panel, label: 'Order number' })
    await ui.fill('Order number', 'a101', panel)
    await ui.press('Enter', { ...panel, label: 'Order number' })
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { id: 'a101', item: 'Monitor', total: 240 })
    assert.deepEqual(r.logs, ['looking up a101'])
  })

  it('opens a page as its Layout; a menu item starts an action with params', async () => {
    await run('orders')
    const page = { title: 'Orders' }
    await ui.waitFor({ ...page, text: 'Two orders are' })
    await ui.waitFor({ ...page, text: 'Signed in as' })
    await ui.screenshot('interval-page')
    // A page is a read-only screen: titled by its name alone, with Refresh instead of a status.
    await until('the page tab titled Orders', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'Orders')))
    await ui.click({ ...page, role: 'button', name: 'Refresh' })
    await until('a second drawing of the page', () => a.history.query({ action: 'orders' }).total >= 2)
    await ui.waitFor({ ...page, text: 'Two orders are' })
    await ui.click({ ...page, role: 'button', name: 'Find order A100' })
    const tx = await until('the action the menu item starts', () => a.transactions.running().find((t) => t.action.slug === 'orders/find_order'))
    const panel = { title: 'Find order' }
    await ui.waitFor({ ...panel, label: 'Order number' })
    assert.equal(await ui.attr({ ...panel, label: 'Order number' }, 'value'), 'A100', 'the param reached ctx.params')
    await ui.press('Enter', { ...panel, label: 'Order number' })
    const r = await finished(a, tx.id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { id: 'A100', item: 'Keyboard', total: 89 })
    assert.deepEqual(r.params, { id: 'A100' })
  })

  it('puts ▶ Run above each route (at its key, or at a file\'s default export) and Open page above a page', async () => {
    const lenses = async (rel: string) => {
      const uri = vscode.Uri.file(join(routes(), '..', rel))
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri))
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)
      return found.filter((l) => l.command?.command === 'miniInterval.runAction').map((l) => ({ line: l.range.start.line, title: l.command!.title, arg: String(l.command!.arguments?.[0]) }))
    }
    const entry = await lenses('index.ts')
    assert.deepEqual(entry.map((l) => [l.title, l.arg.split('#')[1]]), [['$(play) Run', 'greet_user']])
    assert.match((await vscode.workspace.openTextDocument(join(routes(), '../index.ts'))).lineAt(entry[0].line).text, /greet_user:/)
    const action = await lenses('routes/orders/find_order.ts')
    assert.deepEqual(action.map((l) => l.title), ['$(play) Run'])
    assert.match((await vscode.workspace.openTextDocument(join(routes(), 'orders/find_order.ts'))).lineAt(action[0].line).text, /^export default/)
    assert.deepEqual((await lenses('routes/orders/index.ts')).map((l) => l.title), ['$(play) Open page'])
    // The lens's command starts that route.
    const id = await vscode.commands.executeCommand<string>('miniInterval.runAction', entry[0].arg)
    await ui.waitFor({ title: 'greet_user', label: 'Who should we greet?' })
    await ui.fill('Who should we greet?', 'Ada', { title: 'greet_user' })
    await ui.press('Enter', { title: 'greet_user', label: 'Who should we greet?' })
    const r = await finished(a, id)
    assert.equal((r.result as { greeting: string }).greeting, 'Hello, Ada')
  })

  it('updates the tree when a file of the routesDirectory is added or broken', async () => {
    const file = join(routes(), 'orders/refund_order.ts')
    try {
      writeFileSync(file, `import { Action } from '@interval/sdk'\nexport default new Action({ name: 'Refund order', handler: async () => 'ok' })\n`)
      await until('the new route', () => a.index.find('orders/refund_order')?.name === 'Refund order')
      writeFileSync(file, `export default 42\n`)
      const broken = await until('the route to be marked broken', () => {
        const e = a.index.find('orders/refund_order')
        return e?.state === 'broken' && e
      })
      assert.match(broken.error!, /neither an Action nor a Page/)
      await until('the error in Problems', () => vscode.languages.getDiagnostics(vscode.Uri.file(file)).some((d) => /neither an Action nor a Page/.test(d.message)))
    } finally {
      rmSync(file, { force: true })
    }
    await until('the route to go', () => !a.index.find('orders/refund_order'))
  })
})
