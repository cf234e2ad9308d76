// Benchmarks, reported as ratios against a baseline measured in the same run
// (these machines are shared and noisy: absolute times mean little).
//   compile: the loader with a platform .vsix's native esbuild, and the universal one's esbuild-wasm,
//            vs the native esbuild package called directly; and a cache hit
//   start:   a transaction to its first prompt, spawning its worker (cold; the worker as shipped, booting
//            through its code cache) and taking a pre-started one from the pool (runtime/workerPool.ts),
//            vs spawning a bare worker
//   answer:  one prompt round trip through a Transaction vs a bare worker postMessage echo
//   durable: one ctx.run step (start and end journaled and acknowledged) vs the echo; resuming a
//            run 1,000 steps in, to its waiting prompt, vs starting a fresh one to its first prompt
//   workflow: the engine's overhead per step of a 1,000-step workflow of zero-duration steps,
//            vs one journal append (both in this run)
import { build, buildSync } from 'esbuild'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { CompileCache } from '../src/core/loader/cache'
import { compileAction } from '../src/core/loader/compile'
import { nativeEsbuildPaths } from '../src/core/loader/esbuild'
import { HistoryStore, newTxId } from '../src/core/history/store'
import { Transaction } from '../src/core/runtime/transaction'
import { WorkerPool } from '../src/core/runtime/workerPool'
import { ROOT, WASM, USER } from '../test/unit/helpers'
import { Leases } from '../src/core/history/lease'
import { prepareWorkflow } from '../src/core/workflows/prepare'

async function time(n: number, f: () => Promise<unknown>): Promise<number> {
  await f() // warm-up
  const t = performance.now()
  for (let i = 0; i < n; i++) await f()
  return (performance.now() - t) / n
}

let worker: string | undefined
/** The worker as scripts/build.mjs ships it: worker.js booting worker-runtime.js through V8's code cache (runtime/codeCache.ts). */
function shippedWorker(): string {
  if (!worker) {
    const out = mkdtempSync(join(tmpdir(), 'mi-bench-worker-'))
    buildSync({
      entryPoints: { worker: join(ROOT, 'src/core/runtime/workerBoot.ts'), 'worker-runtime': join(ROOT, 'src/core/runtime/worker.ts') },
      bundle: true, platform: 'node', format: 'cjs', outdir: out, minify: true, logLevel: 'error',
    })
    worker = join(out, 'worker.js')
  }
  return worker
}

/** Runs a two-prompt action once, so the worker's code cache is saved (as the first Run after an install does). */
async function primeCodeCache(dir: string, history: HistoryStore): Promise<void> {
  const file = join(dir, 'prime.action.ts')
  writeFileSync(file, `export default async (io: any) => [await io.input.text('a'), await io.input.text('b')]`)
  const tx = new Transaction({ id: newTxId(), workerPath: shippedWorker(), history, compiled: await compileAction(file, WASM), user: USER, action: { slug: 'p', name: 'P', file } })
  for (const label of ['a', 'b']) {
    const at = (v: typeof tx.view) => v.status === 'awaiting' && v.prompt?.components[0]?.label === label
    await new Promise<void>((r) => { if (at(tx.view)) return r(); const s = tx.onChange((v) => at(v) && (s.dispose(), r())) })
    tx.submit(tx.view.prompt!.seq, ['x'])
  }
  await tx.finished
  const out = join(shippedWorker(), '..')
  for (let i = 0; i < 100 && !readdirSync(out).some((f) => f.endsWith('.v8cache')); i++) await new Promise((r) => setTimeout(r, 50))
  if (!readdirSync(out).some((f) => f.endsWith('.v8cache'))) throw new Error('the worker saved no code cache')
}

async function main(): Promise<void> {
const dir = mkdtempSync(join(tmpdir(), 'mi-bench-'))
const file = join(dir, 'a.action.ts')
writeFileSync(join(dir, 'lib.ts'), Array.from({ length: 200 }, (_, i) => `export const f${i} = (x: number): number => x + ${i}`).join('\n'))
writeFileSync(file, `import * as lib from './lib'\nexport default async (io: any) => { let n = 0; for (let i = 0; i < 1e6; i++) n++; return Object.keys(lib).length + n + await io.input.number('n') }`)

const rows: [string, number, number][] = []
const native = await time(20, () => build({ entryPoints: [file], bundle: true, write: false, format: 'cjs', platform: 'node', sourcemap: 'inline', packages: 'external', logLevel: 'silent' }))
const wasm = await time(20, () => compileAction(file, WASM))
// A platform .vsix: the loader with esbuild's native binary in dist/native (scripts/package.mjs's layout).
const platformDist = join(mkdtempSync(join(tmpdir(), 'mi-bench-dist-')), 'dist')
const paths = nativeEsbuildPaths(platformDist)
mkdirSync(dirname(paths.api), { recursive: true })
mkdirSync(dirname(paths.binary), { recursive: true })
copyFileSync(require.resolve('esbuild/lib/main.js'), paths.api)
copyFileSync(require.resolve(`@esbuild/${process.platform}-${process.arch}/bin/esbuild`), paths.binary)
chmodSync(paths.binary, 0o755)
copyFileSync(WASM, join(platformDist, 'esbuild.wasm'))
const platform = await time(20, () => compileAction(file, join(platformDist, 'esbuild.wasm')))
const cache = new CompileCache(WASM)
const hit = await time(200, () => cache.get(file))
rows.push(['compile, platform .vsix (native esbuild via the loader) / native esbuild', platform, native], ['compile, universal .vsix (esbuild-wasm) / native esbuild', wasm, native], ['compile cache hit / native esbuild', hit, native])

// Baselines: spawning a bare worker until its first message, and an echo round trip.
const spawn = await time(20, async () => {
  const w = new Worker(`require('node:worker_threads').parentPort.postMessage(1)`, { eval: true })
  await new Promise((r) => w.once('message', r))
  await w.terminate()
})
const echo = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m))`, { eval: true })
const roundTrip = await time(500, () => new Promise((r) => (echo.once('message', r), echo.postMessage({ x: 1 }))))
await echo.terminate()

const compiled = await compileAction(file, WASM)
const history = new HistoryStore(join(dir, 'history'))
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
/** Runs of the action, start to first prompt and answer to result; with a pool, each starts once the pool has a loaded worker. */
async function runs(pool?: WorkerPool): Promise<{ start: number; answer: number }> {
  const starts: number[] = []
  const answers: number[] = []
  for (let i = 0; i < 30; i++) {
    await pool?.whenFull()
    const t0 = performance.now()
    const tx = new Transaction({ id: newTxId(), workerPath: shippedWorker(), history, compiled, user: USER, action: { slug: 'a', name: 'A', file } })
    await new Promise<void>((r) => { const s = tx.onChange((v) => v.prompt && (s.dispose(), r())) })
    const t1 = performance.now()
    tx.submit(tx.view.prompt!.seq, [1])
    await tx.finished
    if (i > 0) (starts.push(t1 - t0), answers.push(performance.now() - t1))
  }
  return { start: mean(starts), answer: mean(answers) }
}
await primeCodeCache(dir, history)
const cold = await runs()
// The shells keep a pool of pre-started workers (runtime/workerPool.ts): a Run takes a loaded one.
const pool = new WorkerPool({ workerPath: shippedWorker(), size: 1 })
const warm = await runs(pool)
pool.dispose()
rows.push(
  ['transaction start → first prompt, cold / bare worker spawn', cold.start, spawn],
  ['transaction start → first prompt, pooled / bare worker spawn', warm.start, spawn],
  ['answer → result (host check, log, worker) / worker echo', warm.answer, roundTrip],
)
const freshStart = cold.start

rows.push(...(await durable(dir, roundTrip, freshStart)))
rows.push(await workflowOverhead(dir))

console.log('benchmark'.padEnd(62), 'ratio'.padStart(8), '   (ms: measured / baseline)')
for (const [name, v, base] of rows) console.log(name.padEnd(62), (v / base).toPrecision(3).padStart(8), `   (${v.toFixed(2)} / ${base.toFixed(3)})`)
}

/** ctx.run and resume: a run of 1,000 steps then a prompt, abandoned (a crash) and taken over by another "window". */
async function durable(dir: string, echo: number, freshStart: number): Promise<[string, number, number][]> {
  const file = join(dir, 'steps.action.ts')
  const STEPS = 1000
  writeFileSync(file, `export default async (io: any, ctx: any) => { let n = 0; for (let i = 0; i < ${STEPS}; i++) n += await ctx.run('s' + i, () => i); return n + await io.input.number('n') }`)
  const compiled = await compileAction(file, WASM)
  const hist = join(dir, 'durable')
  const leases = new Leases(join(hist, 'leases'))
  const first = leases.acquire()
  const store = new HistoryStore(hist, { lease: first, leases })
  const id = newTxId()
  const action = { slug: 'steps', name: 'Steps', file }
  const prompt = (tx: Transaction) => new Promise<void>((r) => { if (tx.view.prompt) return r(); const s = tx.onChange((v) => v.prompt && (s.dispose(), r())) })
  // The same action with no steps: what is left of the difference is the steps.
  writeFileSync(file, `export default async (io: any, ctx: any) => { let n = 0; for (let i = 0; i < 0; i++) n += await ctx.run('s' + i, () => i); return n + await io.input.number('n') }`)
  const none = await compileAction(file, WASM)
  const t00 = performance.now()
  const empty = new Transaction({ id: newTxId(), workerPath: shippedWorker(), history: store, compiled: none, user: USER, action })
  await prompt(empty)
  const noSteps = performance.now() - t00
  empty.cancel()
  const t0 = performance.now()
  const tx = new Transaction({ id, workerPath: shippedWorker(), history: store, compiled, user: USER, action })
  await prompt(tx)
  const perStep = (performance.now() - t0 - noSteps) / STEPS
  tx.abandon()
  first.release()
  const second = leases.acquire()
  const t1 = performance.now()
  const reopened = new HistoryStore(hist, { lease: second, leases }).reopen(id)
  if (!('log' in reopened)) throw new Error(`could not reopen: ${JSON.stringify(reopened)}`)
  const resumed = new Transaction({ id, workerPath: shippedWorker(), history: store, compiled, user: USER, action, resumed: reopened })
  await prompt(resumed)
  const resume = performance.now() - t1
  resumed.cancel()
  await resumed.finished
  second.release()
  return [
    ['ctx.run step (journaled, acknowledged) / worker echo', perStep, echo],
    [`resume ${STEPS} steps in → its prompt / fresh start → first prompt`, resume, freshStart],
  ]
}

/** 1,000 zero-duration steps, 10 levels of 100 (each depending on one step of the level before), vs appending one event to a log. */
async function workflowOverhead(dir: string): Promise<[string, number, number]> {
  const N = 1000
  const file = join(dir, 'bench.workflow.json')
  const steps = Array.from({ length: N }, (_, i) => ({ id: `s${i}`, type: 'task', config: { duration_seconds: 0 }, depends_on: i >= 100 ? [`s${i - 100}`] : [] }))
  writeFileSync(file, JSON.stringify({ name: 'bench', steps }))
  const hist = join(dir, 'workflow-history')
  const store = new HistoryStore(hist)
  const id = newTxId()
  const p = await prepareWorkflow(file, id, { compile: (f) => compileAction(f, WASM), isAction: () => false, concurrency: 4 })
  const t0 = performance.now()
  const tx = new Transaction({ id, workerPath: shippedWorker(), history: store, compiled: p.compiled, user: USER, action: { slug: 'bench', name: 'bench', file }, workflow: { data: p.data, started: p.started } })
  const r = await tx.finished
  if (r.status !== 'completed') throw new Error(`the bench workflow ended ${r.status}: ${r.error?.message}`)
  const perStep = (performance.now() - t0) / N
  // The baseline: one event appended to a run's log (a write to the kernel per line).
  const { log } = store.create(newTxId(), { action: { slug: 'b', name: 'b', file }, codeHash: 'h', params: {}, user: USER })
  const appends = 2000
  const t1 = performance.now()
  for (let i = 0; i < appends; i++) log.append({ type: 'recorded', seq: i, op: 'now', value: i })
  const append = (performance.now() - t1) / appends
  return ['workflow step, 1,000 zero-duration steps / one journal append', perStep, append]
}

main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)))
