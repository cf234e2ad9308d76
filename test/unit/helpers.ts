import { buildSync } from 'esbuild'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction } from '../../src/core/runtime/transaction'
import type { TxView } from '../../src/core/protocol'

export const ROOT = resolve(__dirname, '../..')
export const WASM = join(ROOT, 'node_modules/esbuild-wasm/esbuild.wasm')

let worker: string | undefined
/** Bundles the real worker entry once, as scripts/build.mjs does for the extension. */
export function workerPath(): string {
  if (!worker) {
    worker = join(ROOT, 'out/unit/worker.js')
    buildSync({ entryPoints: [join(ROOT, 'src/core/runtime/worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: worker, minify: true, logLevel: 'error' })
  }
  return worker
}

/** A fresh folder with the given files (paths relative to it). */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mini-interval-'))
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, text)
  }
  return dir
}

export const USER = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }

/** Compiles `source` as an action file and starts a transaction of it. */
export async function start(source: string, extra: Record<string, string> = {}) {
  const dir = tempTree({ 'a.action.ts': source, ...extra })
  const file = join(dir, 'a.action.ts')
  const compiled = await compileAction(file, WASM)
  const history = new HistoryStore(join(dir, 'history'))
  const tx = new Transaction({
    id: newTxId(), workerPath: workerPath(), history, compiled, user: USER,
    action: { slug: 'a', name: 'A', file },
  })
  return { tx, history, dir }
}

/** Resolves with the first view that satisfies `pred`. */
export function until(tx: Transaction, pred: (v: TxView) => boolean): Promise<TxView> {
  if (pred(tx.view)) return Promise.resolve(tx.view)
  return new Promise((resolve) => {
    const sub = tx.onChange((v) => {
      if (pred(v)) (sub.dispose(), resolve(v))
    })
  })
}
export const awaiting = (tx: Transaction) => until(tx, (v) => v.status === 'awaiting' || v.status === 'failed')


/**
 * Runs `source` answering each screen in turn: `answers[i]` is the values of
 * screen i (and optionally its choice). Returns the finished record.
 */
export async function answerAll(source: string, answers: ({ values: unknown[]; choice?: string } | unknown[])[], extra: Record<string, string> = {}) {
  const { tx, history } = await start(source, extra)
  for (const a of answers) {
    const v = await awaiting(tx)
    if (v.status !== 'awaiting') break
    const { values, choice } = Array.isArray(a) ? { values: a, choice: undefined } : a
    const seq = v.prompt!.seq
    tx.submit(seq, values, choice)
    await until(tx, (x) => x.prompt?.seq !== seq || !!x.prompt?.errors || !!x.prompt?.formError || x.status !== 'awaiting')
  }
  return { record: await Promise.race([tx.finished, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`still ${tx.status}: ${JSON.stringify(tx.view.prompt ?? tx.view.error)}`)), 5000))]), tx, history }
}

/** Polls until `check()` is true (for things that are not transaction state, like search results). */
export async function poll(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('poll: timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}
