// What the transaction tests that crash and resume share (durable, enqueue,
// unattended): a "window" (its own lease and store over a shared history
// folder), and one action compiled in a temp folder that begins runs and
// resumes them in another window.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction, type TransactionOptions } from '../../src/core/runtime/transaction'
import type { ReopenedRun } from '../../src/core/durable/engine'
import { USER, WASM, tempTree, workerPath } from './helpers'

/** A window: its own lease and store over a shared history folder. */
export function window(dir: string) {
  const leases = new Leases(join(dir, 'leases'))
  const lease = leases.acquire()
  return { lease, store: new HistoryStore(dir, { lease, leases }) }
}

/** Action `a` from `source`, run with params `{ counter }` (an empty file its steps may append to). */
export async function setup(source: string) {
  const root = tempTree({ 'a.action.ts': source })
  const file = join(root, 'a.action.ts')
  const compiled = await compileAction(file, WASM)
  const dir = join(root, 'history')
  const counter = join(root, 'counter.txt')
  writeFileSync(counter, '')
  const base = { workerPath: workerPath(), compiled, user: USER, action: { slug: 'a', name: 'A', file } }
  const begin = (store: HistoryStore, opts: Partial<TransactionOptions> = {}) => new Transaction({ ...base, id: newTxId(), history: store, params: { counter }, ...opts })
  /** Takes run `id` over in `store`'s window (opts.compiled: the action as it is now, if changed). */
  const resume = (store: HistoryStore, id: string, opts: Partial<TransactionOptions> = {}) => {
    const r = store.reopen(id)
    assert.ok('log' in r, `reopen refused: ${JSON.stringify(r)}`)
    return new Transaction({ ...base, id, history: store, resumed: r as ReopenedRun, ...opts })
  }
  return { root, file, dir, counter, compiled, begin, resume }
}
