// Actions that try (or happen) to break the host: each runs in a real worker
// through a real Transaction, and each must end the transaction with a clear
// outcome while the host stays up.
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore } from '../../src/core/history/store'
import { awaiting, start, until } from './helpers'
import { startWith, within } from './startWith'

const eventsOf = (history: HistoryStore, id: string): { type: string; [k: string]: unknown }[] =>
  readFileSync(join(history.dir, `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))

describe('hostile actions', function () {
  this.timeout(30_000)

  describe('values too large or not JSON', () => {
    it('a 300 MB string result is cut in the worker', async () => {
      const { tx, history } = await start(`export default async () => '"'.repeat(300_000_000)`)
      const r = await within(tx.finished, 20_000)
      assert.equal(r.status, 'completed')
      const value = r.result as string
      assert.ok(value.length < 100_100, `result of ${value.length} characters`)
      assert.match(value, /^"{100000}… \(299900000 more characters\)$/)
      assert.equal(history.read(tx.id).status, 'completed')
    })

    it('a 270 MB label is cut before it is shown', async () => {
      const { tx } = await start(`export default async (io) => io.input.text('x'.repeat(270e6))`)
      const v = await within(awaiting(tx), 20_000, 'the prompt')
      assert.equal(v.status, 'awaiting')
      assert.match(v.prompt!.components[0].label, /^x{100000}… \(269900000 more characters\)$/)
      tx.cancel()
    })

    it('props too large for a screen fail that io call with a RENDER_ERROR the action can catch', async () => {
      const { tx } = await start(`export default async (io) => {
        try { await io.input.text('x', { placeholder: 'p'.repeat(20e6) }) } catch (e) { return e.name + ' ' + e.kind + ': ' + e.message }
      }`)
      const r = await within(tx.finished, 20_000)
      assert.equal(r.status, 'completed')
      assert.match(r.result as string, /^IOError RENDER_ERROR: The screen could not be shown: it is larger than 10 MB/)
    })

    it('bigints anywhere in a result become strings', async () => {
      const { tx } = await start(`export default async () => ({ big: 2n ** 64n, list: [1n], map: new Map([[1n, 2n]]), set: new Set([3n]) })`)
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'completed')
      assert.deepEqual(r.result, { big: '18446744073709551616', list: ['1'], map: { 1: '2' }, set: ['3'] })
    })

    it('a sparse array of 200 million items is cut at 10,000 without walking the holes', async () => {
      const { tx } = await start(`export default async () => new Array(200_000_000)`)
      const t0 = Date.now()
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'completed')
      const list = r.result as unknown[]
      assert.equal(list.length, 10_001)
      assert.equal(list[0], null)
      assert.equal(list[10_000], '… (199990000 more items)')
      assert.ok(Date.now() - t0 < 5000)
    })

    it('a result over the 1 MB budget is cut with a marker', async () => {
      const { tx } = await start(`export default async () => Array.from({ length: 5000 }, (_, i) => ({ i, text: 'y'.repeat(1000) }))`)
      const r = await within(tx.finished, 10_000)
      const list = r.result as unknown[]
      assert.ok(list.length < 1100, `${list.length} items kept`)
      assert.match(String(list.at(-1)), /more items: the value is larger than 1 MB/)
    })
  })

  describe('errors that are not what they seem', () => {
    it('an error whose name is a number fails with that name as a string', async () => {
      const { tx } = await start(`export default async () => { const e = new Error('x'); (e as any).name = 42; throw e }`)
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.name, '42')
      assert.equal(r.error!.message, 'x')
    })

    it('an error whose stack is an object, and whose message is huge, fails readably', async () => {
      const { tx } = await start(`export default async () => {
        const e = new Error('m'.repeat(1e6)); Object.defineProperty(e, 'stack', { value: { frames: [1, 2] } }); throw e
      }`)
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.stack, '{"frames":[1,2]}')
      assert.ok(r.error!.message.length < 10_100)
    })

    it('a malformed worker message fails the transaction with WorkerProtocolError naming what was wrong', async () => {
      const { tx, history } = await start(`
        import { parentPort } from 'node:worker_threads'
        export default async () => { parentPort!.postMessage({ type: 'render', seq: 'one', components: [] }); await new Promise(() => {}) }`)
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.name, 'WorkerProtocolError')
      assert.match(r.error!.message, /malformed "render" message at seq/)
      assert.equal(history.read(tx.id).status, 'failed')
    })
  })

  describe('the history cannot be written', () => {
    it('an append that throws (disk full) fails the transaction, and the error is written when it can be', async () => {
      const history = new HistoryStore(join(require('node:os').tmpdir(), `mi-full-${Date.now()}`))
      const create = history.create.bind(history)
      let failRender = true
      history.create = ((...args: Parameters<typeof create>) => {
        const made = create(...args)
        const append = made.log.append.bind(made.log)
        made.log.append = (e) => {
          if (e.type === 'render' && failRender) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
          return append(e)
        }
        return made
      }) as typeof create
      const { tx } = await startWith(`export default async (io) => io.input.text('x')`, { history })
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.name, 'HistoryWriteError')
      assert.match(r.error!.message, /render event.*ENOSPC/)
      assert.deepEqual(eventsOf(history, tx.id).map((e) => e.type), ['started', 'error'])
      failRender = false
    })

    it('when nothing can be written any more, the transaction still ends, tells its listeners and stops its worker', async () => {
      const history = new HistoryStore(join(require('node:os').tmpdir(), `mi-gone-${Date.now()}`))
      const create = history.create.bind(history)
      history.create = ((...args: Parameters<typeof create>) => {
        const made = create(...args)
        const append = made.log.append.bind(made.log)
        made.log.append = (e) => {
          if (e.type !== 'started') throw new Error('EIO: i/o error, write')
          return append(e)
        }
        return made
      }) as typeof create
      const { tx } = await startWith(`export default async (io) => { await io.display.markdown('hi'); for (;;) {} }`, { history })
      const seen: string[] = []
      tx.onChange((v) => seen.push(v.status))
      const r = await within(tx.finished, 10_000)
      assert.equal(r.status, 'failed')
      assert.match(r.error!.message, /display event.*EIO/)
      assert.deepEqual(seen, ['failed'])
      // The worker spinning in `for (;;)` was terminated: its thread is gone.
      await within(new Promise((resolve) => (tx as unknown as { worker: import('node:worker_threads').Worker }).worker.once('exit', resolve)), 5000, 'the worker to exit')
    })
  })

  describe('console output', () => {
    for (const n of [10, 100_000]) {
      it(`keeps all ${n.toLocaleString('en')} console lines, in order, before the result`, async () => {
        const lines: string[] = []
        const { tx, history } = await startWith(`export default async () => { for (let i = 0; i < ${n}; i++) console.log(i); process.stdout.write('no newline'); setTimeout(() => console.log('late'), 5); return 'done' }`, {
          onLog: (l) => lines.push(l),
        })
        const r = await within(tx.finished, 20_000)
        assert.equal(r.status, 'completed')
        assert.equal(r.result, 'done')
        const expected = [...Array.from({ length: n }, (_, i) => String(i)), 'no newline']
        // The log on disk: every line, in order, before the end (the record itself keeps only a head and a tail).
        const events = eventsOf(history, tx.id)
        const logged = events.filter((e) => e.type === 'log').map((e) => e.message)
        assert.equal(logged.length, n + 1)
        assert.ok(logged.every((l, i) => l === expected[i]))
        assert.equal(events.at(-1)!.type, 'result')
        assert.equal(r.logs.at(-1), 'no newline')
        assert.ok(lines.length === n + 1 && lines.every((l, i) => l === expected[i]), 'onLog saw each line once, in order')
        // Later output from a stray timer must not be logged after the end.
        await new Promise((r) => setTimeout(r, 100))
        assert.equal(lines.length, n + 1)
      })
    }

    it('keeps console.error and ctx.log in the order they were written', async () => {
      const { tx } = await start(`export default async (io, ctx) => { console.log('a'); ctx.log('b'); console.error('c'); ctx.log('d') }`)
      const r = await within(tx.finished, 10_000)
      assert.deepEqual(r.logs, ['a', 'b', 'c', 'd'])
    })
  })

  describe('memory', () => {
    it('a heap over maxMemoryMb fails with a message naming the limit and the setting', async () => {
      const { tx } = await startWith(`export default async () => { const a: string[] = []; for (let i = 0; ; i++) a.push('item ' + i + ' '.repeat(i % 100)) }`, { maxMemoryMb: 64 })
      const r = await within(tx.finished, 20_000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.name, 'MemoryLimitError')
      assert.match(r.error!.message, /its limit is 64 MB.*miniInterval\.actions\.maxMemoryMb/)
    })

    it('Buffers (not counted by the heap limit) over maxMemoryMb are stopped from the host, which stays up', async () => {
      const { tx } = await startWith(`export default async () => { const a: Buffer[] = []; for (;;) a.push(Buffer.alloc(1e7, 1)) }`, { maxMemoryMb: 64 })
      const r = await within(tx.finished, 20_000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.name, 'MemoryLimitError')
      assert.match(r.error!.message, /used \d+ MB of memory: its limit is 64 MB/)
      const next = await start(`export default async (io) => io.input.text('still here?')`)
      const v = await within(awaiting(next.tx), 10_000, 'the next prompt')
      next.tx.submit(v.prompt!.seq, ['yes'])
      assert.equal((await within(next.tx.finished, 5000)).result, 'yes')
    })

    it('Buffers allocated by an action that yields are stopped too', async () => {
      const { tx } = await startWith(`export default async () => { const a: Buffer[] = []; for (;;) { a.push(Buffer.alloc(1e6, 1)); await new Promise((r) => setImmediate(r)) } }`, { maxMemoryMb: 64 })
      const r = await within(tx.finished, 20_000)
      assert.equal(r.error!.name, 'MemoryLimitError')
      assert.match(r.error!.message, /used \d+ MB of memory: its limit is 64 MB/)
    })

    it('an ordinary action runs under a 64 MB limit', async () => {
      const { tx } = await startWith(`export default async (io) => io.input.text('ok?')`, { maxMemoryMb: 64 })
      const v = await within(awaiting(tx), 10_000, 'the prompt')
      await new Promise((r) => setTimeout(r, 300)) // a few memory checks pass
      tx.submit(v.prompt!.seq, ['fine'])
      const r = await within(until(tx, (x) => x.status !== 'awaiting' && x.status !== 'running'), 5000)
      assert.equal(r.status, 'completed')
    })
  })

  describe('error stacks', () => {
    it("name the action's file and line, without the runtime's frames", async () => {
      const { tx } = await start(`export default async () => {\n  const x = 1\n  throw new TypeError('bad ' + x)\n}`)
      const r = await within(tx.finished, 10_000)
      const stack = r.error!.stack!
      assert.match(stack, /^TypeError: bad 1\n/)
      assert.match(stack, /a\.action\.ts:3:\d+/)
      assert.doesNotMatch(stack, /worker\.js|node:internal/)
    })
  })
})
