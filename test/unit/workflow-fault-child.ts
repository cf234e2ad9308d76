// The process workflow-faults.test.ts kills: one window running (or resuming)
// one workflow run to its end. Bundled by the test with esbuild and run with node.
//   argv: <history dir> <run id> <workflow file> <compiled actions module .json> <worker.js> <order database>
// stdout: "ready" at once, "lease <host id>"; "started" or "resumed" once the Transaction exists, "live" at
// its first change after that (the worker is up); the step functions (the test's copy of orders.ts) write
// "effect <step>" from the worker once a step's change is in the database; "done <step>" when a step completes
// in this window;
// "result <json>" when the run completes, or "ended <status>" if the log had ended already.
import { readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { openWindow, takeOver } from './fault-window'
import { Transaction } from '../../src/core/runtime/transaction'
import { prepareWorkflow } from '../../src/core/workflows/prepare'
import type { CompiledAction } from '../../src/core/loader/compile'

writeSync(1, 'ready\n')
const [dir, id, file, moduleFile, workerPath, db] = process.argv.slice(2) as [string, string, string, string, string, string]
const user = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }

const win = openWindow(dir, `workflow-fault-child ${id}`)
const { lease, store, fail } = win

async function main(): Promise<Transaction> {
  // The workflow file is parsed and prepared as the extension does; only compiling its actions module is
  // done once, by the test (the same file each time, so the same code hash: a resume is not held).
  const module = JSON.parse(readFileSync(moduleFile, 'utf8')) as CompiledAction
  const p = await prepareWorkflow(file, id, { compile: async () => module, isAction: () => false, concurrency: 4 })
  const common = {
    id, workerPath, history: store, compiled: p.compiled, user, hostId: lease.id,
    action: { slug: 'orders/slow-order', name: p.workflow.name, file }, workflow: { data: p.data, started: p.started },
  }
  let size = -1
  try {
    size = statSync(join(dir, `${id}.jsonl`)).size
  } catch {
    // no log yet
  }
  if (size <= 0) {
    // Never started, or killed before its first event reached the log: this window starts it.
    const tx = new Transaction({ ...common, params: { order: 'ord_1001', db } })
    writeSync(1, 'started\n')
    return tx
  }
  const tx = new Transaction({ ...common, resumed: takeOver(win, id) })
  writeSync(1, 'resumed\n')
  return tx
}

void main().then((tx) => {
  let live = false
  // Steps a resumed run starts with completed are not news.
  const done = new Set(tx.view.workflow?.steps.filter((s) => s.status === 'completed').map((s) => s.id))
  tx.onChange((v) => {
    // The worker's first word: the run goes on (or replays) from here.
    if (!live) (live = true), writeSync(1, 'live\n')
    for (const s of v.workflow?.steps ?? []) if (s.status === 'completed' && !done.has(s.id)) done.add(s.id), writeSync(1, `done ${s.id}\n`)
  })
  const watchdog = setTimeout(() => fail(`no end after 20 s: ${JSON.stringify(tx.view)}`), 20_000)
  void tx.finished.then((r) => {
    clearTimeout(watchdog)
    if (r.status !== 'completed') fail(`ended ${r.status}: ${JSON.stringify(r.error ?? null)}`)
    lease.release()
    writeSync(1, `result ${JSON.stringify(r.result)}\n`)
    process.exit(0)
  })
}, (e: unknown) => fail(String(e instanceof Error ? e.stack : e)))
