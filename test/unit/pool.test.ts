// The pool of pre-started transaction workers (runtime/workerPool.ts): a Run
// takes a loaded worker instead of spawning one; each worker still runs one
// transaction only.
import * as assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction } from '../../src/core/runtime/transaction'
import { WorkerPool } from '../../src/core/runtime/workerPool'
import { awaiting, poll, ROOT, tempTree, until, USER, WASM, workerPath } from './helpers'

// The result names the thread that ran it, so a test sees which worker that was.
const SOURCE = `import { threadId } from 'node:worker_threads'
export default async (io: any) => ({ name: await io.input.text('Name'), again: await io.input.text('Again'), threadId })
`

async function run(opts: { maxMemoryMb?: number; idleMs?: number } = {}) {
  const dir = tempTree({ 'a.action.ts': SOURCE })
  const file = join(dir, 'a.action.ts')
  return new Transaction({
    id: newTxId(), workerPath: workerPath(), history: new HistoryStore(join(dir, 'history')), compiled: await compileAction(file, WASM),
    user: USER, action: { slug: 'a', name: 'A', file }, ...opts,
  })
}

async function finish(tx: Transaction): Promise<{ name: string; again: string; threadId: number }> {
  for (const answer of ['Ada', 'Byron']) {
    const v = await awaiting(tx)
    assert.equal(v.status, 'awaiting', JSON.stringify(v.error))
    tx.submit(v.prompt!.seq, [answer])
    await until(tx, (x) => x.prompt?.seq !== v.prompt!.seq || x.status !== 'awaiting')
  }
  const r = await tx.finished
  assert.equal(r.status, 'completed', JSON.stringify(r.error))
  return r.result as { name: string; again: string; threadId: number }
}

/** The pool's waiting workers themselves (only a test reaches in: to kill one, or see them stop). */
const waitingWorkers = (pool: WorkerPool): Worker[] => (pool as unknown as { waiting: { worker: Worker }[] }).waiting.map((w) => w.worker)
const exited = (w: Worker) => new Promise<number>((r) => w.once('exit', r))

describe('worker pool', function () {
  this.timeout(30_000)
  let pool: WorkerPool | undefined
  afterEach(() => pool?.dispose())

  it('hands a loaded worker to the next transaction, which runs the action in it, and refills', async () => {
    pool = new WorkerPool({ workerPath: workerPath(), size: 1 })
    await pool.whenFull()
    const [waiting] = pool.idle.threadIds
    assert.equal(pool.idle.ready, 1)
    const result = await finish(await run())
    assert.deepEqual(result, { name: 'Ada', again: 'Byron', threadId: waiting })
    await pool.whenFull()
    assert.equal(pool.idle.threadIds.length, 1)
    assert.notEqual(pool.idle.threadIds[0], waiting, 'a worker is never reused: the pool started a new one')
    // The next transaction gets that new one, not the first again.
    const next = pool.idle.threadIds[0]
    assert.equal((await finish(await run())).threadId, next)
  })

  it('replaces a pooled worker that died while waiting', async () => {
    pool = new WorkerPool({ workerPath: workerPath(), size: 2 })
    await pool.whenFull()
    const before = pool.idle.threadIds
    const [victim] = waitingWorkers(pool)
    await victim.terminate()
    await pool.whenFull()
    assert.equal(pool.idle.threadIds.length, 2)
    assert.ok(!pool.idle.threadIds.includes(victim.threadId))
    assert.ok(pool.idle.threadIds.includes(before[1]))
    // A transaction never gets the dead one.
    assert.notEqual((await finish(await run())).threadId, victim.threadId)
  })

  it('dispose stops every waiting worker, and transactions spawn their own after it', async () => {
    pool = new WorkerPool({ workerPath: workerPath(), size: 2 })
    await pool.whenFull()
    const workers = waitingWorkers(pool)
    const exits = workers.map(exited)
    pool.dispose()
    await Promise.all(exits)
    assert.deepEqual(pool.idle.threadIds, [])
    const { threadId } = await finish(await run())
    assert.ok(!workers.some((w) => w.threadId === threadId))
    assert.deepEqual(pool.idle.threadIds, [], 'a disposed pool does not refill')
  })

  it('a transaction with another memory limit spawns its own worker and leaves the pool as it was', async () => {
    pool = new WorkerPool({ workerPath: workerPath(), size: 1, maxMemoryMb: 1024 })
    await pool.whenFull()
    const [waiting] = pool.idle.threadIds
    const { threadId } = await finish(await run({ maxMemoryMb: 512 }))
    assert.notEqual(threadId, waiting)
    assert.deepEqual(pool.idle.threadIds, [waiting])
  })

  it('a released transaction replays in a pooled worker to the prompt it waited at', async () => {
    pool = new WorkerPool({ workerPath: workerPath(), size: 1 })
    const tx = await run({ idleMs: 30 })
    let v = await awaiting(tx)
    tx.submit(v.prompt!.seq, ['Ada'])
    v = await until(tx, (x) => x.prompt?.components[0]?.label === 'Again')
    await poll(() => tx.released)
    await pool.whenFull()
    const [waiting] = pool.idle.threadIds
    tx.submit(v.prompt!.seq, ['Byron'])
    const r = await tx.finished
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { name: 'Ada', again: 'Byron', threadId: waiting })
  })

  it('gives up refilling when its bundle does not load, and transactions still start', async () => {
    const dir = tempTree({ 'broken.js': `throw new Error('broken bundle')` })
    pool = new WorkerPool({ workerPath: join(dir, 'broken.js'), size: 2 })
    await pool.whenFull()
    assert.deepEqual(pool.idle.threadIds, [])
    pool.dispose()
    // The real bundle, with no pool of its own, spawns as before.
    assert.equal((await finish(await run())).name, 'Ada')
  })

  it('does not keep the process alive', function () {
    const dir = tempTree({})
    const script = join(dir, 'exit.ts')
    writeFileSync(script, `import { WorkerPool } from ${JSON.stringify(join(ROOT, 'src/core/runtime/workerPool'))}
const pool = new WorkerPool({ workerPath: ${JSON.stringify(workerPath())}, size: 2 })
pool.whenFull().then(() => console.log('full', pool.idle.ready))
`)
    // Never disposed: the process still ends once it has nothing else to do.
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', script], { cwd: ROOT, encoding: 'utf8', timeout: 25_000 })
    assert.equal(r.signal, null, `killed: the pool kept the process alive (${r.stderr})`)
    assert.equal(r.status, 0, r.stderr)
  })
})
