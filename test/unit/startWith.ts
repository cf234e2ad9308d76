// `start` from helpers.ts with Transaction options of the test's own
// (memory limit, callbacks, environment, a history that fails).
import { join } from 'node:path'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction, type TransactionOptions } from '../../src/core/runtime/transaction'
import { USER, WASM, tempTree, workerPath } from './helpers'

export async function startWith(source: string, options: Partial<TransactionOptions> = {}, extra: Record<string, string> = {}) {
  const dir = tempTree({ 'a.action.ts': source, ...extra })
  const file = join(dir, 'a.action.ts')
  const compiled = await compileAction(file, WASM)
  const history = (options.history as HistoryStore | undefined) ?? new HistoryStore(join(dir, 'history'))
  const tx = new Transaction({ id: newTxId(), workerPath: workerPath(), history, compiled, user: USER, action: { slug: 'a', name: 'A', file }, ...options })
  return { tx, history, dir }
}

/** Rejects if `p` takes longer than `ms`: a hang fails the test instead of stalling the suite. */
export function within<T>(p: Promise<T>, ms: number, what = 'the transaction to end'): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms).unref())])
}
