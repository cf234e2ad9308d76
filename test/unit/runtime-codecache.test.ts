// The worker as it ships: worker.js (workerBoot.ts) runs worker-runtime.js
// through V8's code cache beside it (codeCache.ts). The first worker through
// a screen and an answer saves the cache; later ones compile from it; a cache
// that is not V8's (or of another build) is replaced, never trusted.
import * as assert from 'node:assert/strict'
import { buildSync } from 'esbuild'
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction } from '../../src/core/runtime/transaction'
import { awaiting, poll, ROOT, tempTree, until, USER, WASM } from './helpers'

const SOURCE = `export default async (io: any) => [await io.input.text('One'), await io.input.text('Two')]`
const THROWS = `function deep() { throw new Error('at load') }\ndeep()\nexport default async () => 1`

/** worker.js and worker-runtime.js in a folder of their own, as scripts/build.mjs makes them. */
function buildWorker(): string {
  const dir = tempTree({})
  buildSync({
    entryPoints: { worker: join(ROOT, 'src/core/runtime/workerBoot.ts'), 'worker-runtime': join(ROOT, 'src/core/runtime/worker.ts') },
    bundle: true, platform: 'node', format: 'cjs', outdir: dir, logLevel: 'error',
  })
  return dir
}

const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'))

async function run(workerDir: string, source = SOURCE) {
  const dir = tempTree({ 'a.action.ts': source })
  const file = join(dir, 'a.action.ts')
  const tx = new Transaction({
    id: newTxId(), workerPath: join(workerDir, 'worker.js'), history: new HistoryStore(join(dir, 'history')),
    compiled: await compileAction(file, WASM), user: USER, action: { slug: 'a', name: 'A', file },
  })
  if (source !== SOURCE) return tx.finished
  for (const answer of ['a', 'b']) {
    const v = await awaiting(tx)
    assert.equal(v.status, 'awaiting', JSON.stringify(v.error))
    tx.submit(v.prompt!.seq, [answer])
    await until(tx, (x) => x.prompt?.seq !== v.prompt!.seq || x.status !== 'awaiting')
  }
  return tx.finished
}

describe('worker code cache', function () {
  this.timeout(30_000)

  it('the first worker through an answer saves it; the next one runs from it', async () => {
    const dir = buildWorker()
    assert.deepEqual(caches(dir), [])
    const first = await run(dir)
    assert.deepEqual(first.result, ['a', 'b'])
    await poll(() => caches(dir).length === 1)
    const [cache] = caches(dir)
    assert.match(cache, new RegExp(`^worker-runtime\\.js\\.\\d+-\\d+\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`))
    const saved = readFileSync(join(dir, cache))
    const second = await run(dir)
    assert.deepEqual(second.result, ['a', 'b'])
    // Accepted: a worker that found a good cache writes none.
    assert.ok(readFileSync(join(dir, cache)).equals(saved))
  })

  it('a cache that is not V8\'s is rejected and replaced; a rebuilt runtime gets a cache of its own', async () => {
    const dir = buildWorker()
    await run(dir)
    await poll(() => caches(dir).length === 1)
    const [cache] = caches(dir)
    writeFileSync(join(dir, cache), 'not a code cache')
    assert.deepEqual((await run(dir)).result, ['a', 'b'])
    await poll(() => readFileSync(join(dir, cache), 'utf8') !== 'not a code cache')
    // The runtime rebuilt (another time): its cache has another name and the old one goes.
    const later = new Date(Date.now() + 5000)
    utimesSync(join(dir, 'worker-runtime.js'), later, later)
    assert.deepEqual((await run(dir)).result, ['a', 'b'])
    await poll(() => caches(dir).length === 1 && caches(dir)[0] !== cache)
  })

  it('an action\'s error names its file, not the boot\'s nor the runtime\'s frames', async () => {
    const dir = buildWorker()
    const r = await run(dir, THROWS)
    assert.equal(r.status, 'failed')
    assert.match(r.error!.stack!, /a\.action\.ts/)
    assert.doesNotMatch(r.error!.stack!, /worker(-runtime)?\.js/)
  })
})
