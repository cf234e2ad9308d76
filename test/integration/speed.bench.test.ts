// The speed benchmark in real VS Code (npm run bench → scripts/bench-vscode.mjs),
// in a code-server of its own with a fresh window: with miniInterval.trace on,
// the first Run after the window opened, warm Runs, and answers typed into the
// webview, each a traced path from the click or Enter to the next prompt
// painted; the activation time; and a bare worker echo as the baseline of the
// host-and-worker part. Written to test-output/bench-vscode.json.
import * as assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Worker } from 'node:worker_threads'
import { populate } from '../../scripts/lib/historyFixture'
import * as vscode from 'vscode'
import type { TracePath } from '../../src/core/trace/tracer'
import { BIG, benchOut } from './benchFiles'
import { api, closeEditors, until } from './extension'
import { ui } from './ui'

type Heap = { used: number; data: number }

const WARM_RUNS = 10
const ANSWERS = 60
const FINISHED = 50

/** The extension host's heap after a full collection: all of it, and its data (less V8's compiled code and bytecode, which grow as code warms up). */
function heapAfterGc(): Heap {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
  const code = getHeapSpaceStatistics().filter((s) => /^(code|trusted)/.test(s.space_name)).reduce((n, s) => n + s.space_used_size, 0)
  const used = process.memoryUsage().heapUsed
  return { used, data: used - code }
}

/** A bare worker's postMessage echo, the floor of any host↔worker hop. */
async function workerEcho(n: number): Promise<number[]> {
  const w = new Worker(`require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m))`, { eval: true })
  const once = () => new Promise<number>((resolve) => {
    const t = performance.now()
    w.once('message', () => resolve(performance.now() - t))
    w.postMessage({ type: 'answer', seq: 1, values: ['x'] })
  })
  const out: number[] = []
  for (let i = 0; i < n + 20; i++) {
    const ms = await once()
    if (i >= 20) out.push(ms)
  }
  await w.terminate()
  return out
}

describe('speed in real VS Code', function () {
  this.timeout(900_000)

  it('traces Run and answers from the click or Enter to the prompt painted', async () => {
    await vscode.workspace.getConfiguration('miniInterval').update('trace', true, vscode.ConfigurationTarget.Global)
    ui.require()
    const a = await api()
    const tracer = a.transactions.tracer
    const done = (n: number) => until(`${n} traced paths`, () => tracer.paths().length >= n, 60_000)
    const result: { activationMs: number; beforeActivateMs: number; firstRun?: TracePath; warmRuns: TracePath[]; answers: TracePath[]; echoMs: number[]; heap?: { none: Heap; first: Heap; before: Heap; finished: Heap; count: number } } = { activationMs: a.activationMs, beforeActivateMs: a.beforeActivateMs, warmRuns: [], answers: [], echoMs: [] }
    const heapBefore = heapAfterGc()

    // The first Run after the window opened: nothing compiled or started yet.
    const first = await vscode.commands.executeCommand<string>('miniInterval.runAction', 'hello')
    assert.ok(first, 'the first run started')
    await done(1)
    result.firstRun = tracer.paths()[0]
    await closeEditors(a)
    // What the first run loads once (the compiler, the protocol's schemas) stays: measured apart from what each run leaves.
    await until('the first run to end', () => !a.transactions.get(first))
    const heapFirst = heapAfterGc()

    for (let i = 0; i < WARM_RUNS; i++) {
      await vscode.commands.executeCommand<string>('miniInterval.runAction', 'hello')
      await done(2 + i)
      await closeEditors(a)
    }
    result.warmRuns = tracer.paths().slice(1)

    // Answers typed into the webview: each Enter to the next prompt painted.
    const before = tracer.paths().length
    await vscode.commands.executeCommand<string>('miniInterval.runAction', 'steps')
    await done(before + 1)
    const panel = { title: 'Steps' }
    for (let i = 1; i <= ANSWERS; i++) {
      await ui.fill(`Step ${i}`, `answer ${i}`, panel)
      await ui.press('Enter', { ...panel, label: `Step ${i}` })
      await done(before + 1 + i)
    }
    result.answers = tracer.paths().slice(before + 1).filter((p) => p.kind === 'answer')
    await closeEditors(a)
    result.echoMs = await workerEcho(200)

    // Memory: finished transactions leave nothing behind in the extension host. Tracing is off for
    // these runs, so the tracer's kept paths do not count; History's index gains a line per run.
    await vscode.workspace.getConfiguration('miniInterval').update('trace', false, vscode.ConfigurationTarget.Global)
    await new Promise((r) => setTimeout(r, 1000))
    const heapBeforeMore = heapAfterGc()
    for (let i = 0; i < FINISHED; i++) {
      const id = await vscode.commands.executeCommand<string>('miniInterval.runAction', 'hello')
      const tx = await until('the run to wait', () => a.transactions.get(id)?.status === 'awaiting' && a.transactions.get(id))
      tx.cancel('bench')
      await tx.finished
      await closeEditors(a)
    }
    await new Promise((r) => setTimeout(r, 1000))
    result.heap = { none: heapBefore, first: heapFirst, before: heapBeforeMore, finished: heapAfterGc(), count: FINISHED }

    // For benchbig: a workspace of 1,000 action files and a History of 100,000 runs, opened by a reload.
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath
    mkdirSync(join(folder, 'big'), { recursive: true })
    for (let i = 0; i < BIG.actions; i++) writeFileSync(join(folder, 'big', `a${i}.action.ts`), `export default { name: 'Big ${i}', handler: async (io: any) => io.input.text('Value ${i}') }\n`)
    // Recent runs (one a minute, ending now), so History's retention keeps them all.
    populate(a.history.dir, BIG.runs, Date.now() - BIG.runs * 60_000)

    const file = benchOut()
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, JSON.stringify(result, null, 1))
    assert.equal(result.answers.length, ANSWERS)
  })
})
