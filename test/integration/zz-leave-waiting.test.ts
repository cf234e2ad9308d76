// Runs last in the main phase (files run in name order): leaves transactions
// half answered, so the reload phase can check they resume: `hello` waiting
// for input, the durable refund two prompts in, and one whose action is then
// edited so that its replay diverges.
import * as assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { api, closeEditors, indexSettled, run, until } from './extension'
import { ui } from './ui'
import { DIVERGE, leftFile, refundTwoAnswersIn } from './leftBehind'
import { scratchDb, startWorkflow } from './exampleWorkflows'
import { SERVER_HELLO, startServe } from './serveProcess'


describe('before the reload', function () {
  this.timeout(60_000)

  it('leaves a transaction waiting for input', async () => {
    const a = await api()
    await indexSettled(a)
    await closeEditors(a)
    const id = await run('hello')
    await ui.waitFor({ title: 'Hello', label: 'Your name' })
    writeFileSync(leftFile(a.history.dir, 'pending-tx'), id)
  })

  // Early (after the one test that closes every tab): VS Code saves its open tabs now and then, so the
  // last tab opened before a reload may not be kept.
  it('leaves a server transaction waiting in its tab, its serve running, a draft typed', async () => {
    const a = await api()
    const root = join(a.history.dir, '..', 'reload-serve')
    mkdirSync(join(root, 'actions'), { recursive: true })
    writeFileSync(join(root, 'actions', 'server-hello.action.ts'), SERVER_HELLO)
    // Detached: it outlives this extension host, as a team's server outlives a window.
    const serve = await startServe(join(root, 'actions'), join(root, 'data'), { survive: true })
    writeFileSync(leftFile(a.history.dir, 'reload-serve'), JSON.stringify({ pid: serve.pid, base: serve.base, token: serve.token }))
    assert.ok(await vscode.commands.executeCommand('miniInterval.connectServer', serve.url), 'connected')
    const id = await vscode.commands.executeCommand<string>('miniInterval.runServerAction', 'server-hello')
    const panel = { title: 'Server hello' }
    await ui.waitFor({ ...panel, label: 'Your name' }, { timeoutMs: 30_000 })
    await ui.fill('Your name', 'Grace', panel)
    writeFileSync(leftFile(a.history.dir, 'server-tx'), id)
  })

  it('leaves the durable refund waiting at its third prompt, its first step done', async () => {
    const a = await api()
    const id = await refundTwoAnswersIn(a.history.dir, 'outbox.log', 'ord_7', '42', 0)
    const panel = { title: 'Refund order' }
    // A draft, typed and not sent: the reload keeps it.
    await ui.fill('Note to the customer', 'Sorry for the wait', panel)
    writeFileSync(leftFile(a.history.dir, 'durable-tx'), id)
  })

  it('leaves a transaction two answers in, then changes its second prompt\'s label', async () => {
    const a = await api()
    const file = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'resumable', 'diverge-check.action.ts')
    writeFileSync(file, DIVERGE('Beta'))
    await until('the new action to be indexed', () => a.index.find('resumable/diverge-check')?.state === 'ready')
    const id = await run('resumable/diverge-check')
    const panel = { title: 'Diverge check' }
    for (const label of ['Alpha', 'Beta']) {
      await ui.fill(label, `${label} answer`, panel)
      await ui.press('Enter', { ...panel, label })
    }
    await ui.waitFor({ ...panel, label: 'Gamma' })
    writeFileSync(file, DIVERGE('Beta, renamed'))
    writeFileSync(leftFile(a.history.dir, 'diverge-tx'), id)
  })

  it('leaves the slow order workflow running, its first step done', async () => {
    const a = await api()
    const db = scratchDb()
    const id = await startWorkflow(a, 'slow-order', { order: 'ord_1001', db })
    await until('validate to complete', () => a.transactions.get(id)?.view.workflow?.steps[0]?.status === 'completed', 30_000)
    writeFileSync(leftFile(a.history.dir, 'workflow-tx'), JSON.stringify({ id, db }))
  })

  it('leaves the refund workflow waiting at its human step', async () => {
    const a = await api()
    const db = scratchDb()
    const id = await startWorkflow(a, 'refund-approval', { order: 'ord_1001', db })
    await ui.waitFor({ title: 'Approve refund', label: 'Reason for the refund' })
    writeFileSync(leftFile(a.history.dir, 'human-workflow-tx'), JSON.stringify({ id, db }))
  })
})
