// The store under crashes and concurrent writers: a writer killed with SIGKILL
// at random moments, and two processes appending to the same files.
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { buildSync } from 'esbuild'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore } from '../../src/core/history/store'
import { Leases } from '../../src/core/history/lease'
import { eventSchema } from '../../src/core/history/events'
import { ROOT, USER, tempTree } from './helpers'

let child: string

function run(args: string[], killAfterMs?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => {
      if (!out && killAfterMs !== undefined) setTimeout(() => p.kill('SIGKILL'), killAfterMs)
      out += d.toString()
    })
    p.on('error', reject)
    p.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(out) : reject(new Error(`child exited ${code ?? signal}`))))
  })
}

describe('history under faults', function () {
  this.timeout(90_000)

  before(() => {
    child = join(tempTree({}), 'history-fault-child.js')
    buildSync({ entryPoints: [join(ROOT, 'test/unit/history-fault-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: child, logLevel: 'error' })
  })

  it('writers killed 200 times at random (4 at once): every run one reported ended reads back whole, and the store keeps working', async () => {
    const dir = join(tempTree({}), 'h')
    // Judged with a TTL of 1 ms: a killed writer's lease is stale at once.
    const store = new HistoryStore(dir, { leases: new Leases(join(dir, 'leases'), 1) })
    const seen = new Set<string>()
    let completed = 0
    let interrupted = 0
    for (let round = 0; round < 50; round++) {
      const outs = await Promise.all([0, 1, 2, 3].map((w) => run(['runs', dir, `r${round}w${w}`], Math.floor(Math.random() * 40))))
      const reported = outs.flatMap((out) => out.split('\n').slice(1).filter((l) => /^\S+ \d+$/.test(l)).map((l) => l.split(' ')))
      for (const [id, logs] of reported) {
        const r = store.read(id)
        assert.equal(r.status, 'completed', id)
        assert.equal(r.result, id)
        assert.equal(r.logs.length, Number(logs), id)
        assert.equal(r.steps.length, 1, id)
        assert.deepEqual(r.problems, [], id)
        completed++
      }
      const { problems, orphans } = store.recover()
      assert.deepEqual(problems, [])
      // Unfinished runs are left to resume; ending them as a window does for an action that is gone must work on any of them.
      for (const id of orphans) assert.ok(store.interrupt(id, 'test: not resumed'), id)
      assert.equal(store.query({ status: ['running'] }).total, 0, `round ${round}: every run of the killed writer is settled`)
      for (const s of store.query({ action: 'fault' }).items) {
        if (seen.has(s.id)) continue
        seen.add(s.id)
        if (s.status === 'interrupted') interrupted++
        if (s.unreadable) assert.match(s.unreadable, /never started/)
        else assert.ok(['completed', 'interrupted'].includes(store.read(s.id).status))
      }
      if (round % 10 === 9) assert.deepEqual((await store.scan()).problems, [])
    }
    const { log } = store.create('after', { action: { slug: 'after', name: 'After', file: '/w/a.ts' }, codeHash: 'h', params: {}, user: USER })
    log.append({ type: 'result', value: 'still writes' })
    await log.synced()
    assert.equal(store.read('after').result, 'still writes')
    assert.equal(new HistoryStore(dir).summary('after')?.status, 'completed')
    assert.ok(completed > 200, `only ${completed} runs completed in 200 rounds`)
    assert.ok(interrupted > 20, `only ${interrupted} runs were cut off`)
  })

  it('two processes appending 10,000 events each to one log and to the index: none lost, none torn', async () => {
    const dir = join(tempTree({}), 'h')
    await Promise.all([run(['concurrent', dir, 'a']), run(['concurrent', dir, 'b'])])
    const lines = readFileSync(join(dir, 'shared.jsonl'), 'utf8').split('\n')
    assert.equal(lines.pop(), '')
    assert.equal(lines.length, 20_000)
    const next = { a: 0, b: 0 }
    for (const line of lines) {
      const e = eventSchema.parse(JSON.parse(line))
      assert.equal(e.type, 'log')
      const [tag, i] = (e as { message: string }).message.split(' ') as ['a' | 'b', string]
      assert.equal(Number(i), next[tag]++, 'each writer\'s events in its order')
    }
    assert.deepEqual(next, { a: 10_000, b: 10_000 })
    const store = new HistoryStore(dir)
    assert.equal(store.query().total, 20_000)
    assert.equal(store.index.badLines, 0)
  })
})
