// The process durable-faults.test.ts kills: one window running (or resuming)
// one durable transaction, answering each prompt like a person would, a moment
// after it appears. Bundled by the test with esbuild and run with node.
//   argv: <history dir> <tx id> <worker.js> <compiled action .json> <action file> <counter file> <asked file> <tag>
// stdout: "ready" at once, "lease <host id>"; "started" or "resumed" once the Transaction exists, "live" at
// its first change after that (the worker is up);
// "result <json>" when it completes, or "ended <status>" if the log had ended already.
import { appendFileSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { openWindow, takeOver } from './fault-window'
import { Transaction } from '../../src/core/runtime/transaction'
import type { CompiledAction } from '../../src/core/loader/compile'

writeSync(1, 'ready\n')
const [dir, id, workerPath, compiledFile, actionFile, counter, askedFile, tag] = process.argv.slice(2)
const user = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }
const action = { slug: 'fault', name: 'Fault', file: actionFile }
const compiled = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledAction

const win = openWindow(dir, `durable-fault-child ${tag}`)
const { lease, store, fail } = win

let size = -1
try {
  size = statSync(join(dir, `${id}.jsonl`)).size
} catch {
  // no log yet
}

let tx: Transaction
const common = { id, workerPath, history: store, compiled, user, action, hostId: lease.id }
if (size <= 0) {
  // Never started, or killed before its first event reached the log: this window starts it.
  tx = new Transaction({ ...common, params: { counter, tag } })
  writeSync(1, 'started\n')
} else {
  tx = new Transaction({ ...common, resumed: takeOver(win, id) })
  writeSync(1, 'resumed\n')
}

// A person: each prompt that appears is noted in the asked file and answered after a moment.
const seen = new Set<number>()
const look = (): void => {
  const v = tx.view
  if (v.status !== 'awaiting' || !v.prompt || seen.has(v.prompt.seq)) return
  const { seq } = v.prompt
  const label = v.prompt.components[0].label
  seen.add(seq)
  appendFileSync(askedFile, `asked ${seq} ${label} ${lease.id}\n`)
  setTimeout(() => tx.submit(seq, [`${label.toLowerCase()}-${tag}`]), Math.floor(Math.random() * 25))
}
let live = false
tx.onChange(() => {
  // The worker's first word: the action runs (or replays) from here.
  if (!live) (live = true), writeSync(1, 'live\n')
  look()
})
look()

const watchdog = setTimeout(() => fail(`no end after 20 s: ${JSON.stringify(tx.view)}`), 20_000)
void tx.finished.then((r) => {
  clearTimeout(watchdog)
  if (r.status !== 'completed') fail(`ended ${r.status}: ${JSON.stringify(r.error ?? r.divergence ?? null)}`)
  lease.release()
  writeSync(1, `result ${JSON.stringify(r.result)}\n`)
  process.exit(0)
})
