// A transaction's states and how each ends: completed, failed, canceled (and
// by whom), redirected; ctx's environment, action, log; what the history log
// keeps of sensitive answers and uploaded files; what closing a panel does.
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HistoryStore } from '../../src/core/history/store'
import type { RedirectTarget, TxStatus } from '../../src/core/protocol'
import { MASK } from '../../src/core/runtime/answerLog'
import { onPanelClose } from '../../src/core/runtime/closePolicy'
import { formatLogValues } from '../../src/core/runtime/ctx'
import type { Transaction } from '../../src/core/runtime/transaction'
import { awaiting, until } from './helpers'
import { startWith, within } from './startWith'

const eventsOf = (history: HistoryStore, id: string): { type: string; [k: string]: unknown }[] =>
  readFileSync(join(history.dir, `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))

/** Every status a transaction's listeners were told, collapsed when repeated. */
function statuses(tx: Transaction): TxStatus[] {
  const seen: TxStatus[] = [tx.status]
  tx.onChange((v) => v.status !== seen.at(-1) && seen.push(v.status))
  return seen
}

describe('transaction lifecycle', function () {
  this.timeout(20_000)

  it('running → awaiting → running → completed', async () => {
    const { tx } = await startWith(`export default async (io) => { const a = await io.input.text('a'); await new Promise((r) => setTimeout(r, 50)); return a }`)
    const seen = statuses(tx)
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, ['x'])
    const r = await within(tx.finished, 5000)
    assert.equal(r.result, 'x')
    assert.deepEqual(seen, ['running', 'awaiting', 'running', 'completed'])
  })

  it('running → awaiting → running → failed', async () => {
    const { tx } = await startWith(`export default async (io) => { await io.input.text('a'); await new Promise((r) => setTimeout(r, 50)); throw new Error('no') }`)
    const seen = statuses(tx)
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, ['x'])
    assert.equal((await within(tx.finished, 5000)).error!.message, 'no')
    assert.deepEqual(seen, ['running', 'awaiting', 'running', 'failed'])
  })

  it('cancel while awaiting records who canceled; a cancel after the end changes nothing', async () => {
    const { tx, history } = await startWith(`export default async (io) => io.input.text('a')`)
    const seen = statuses(tx)
    await awaiting(tx)
    tx.cancel('Ada')
    const r = await within(tx.finished, 5000)
    assert.equal(r.status, 'canceled')
    assert.deepEqual(r.end, { canceledBy: 'Ada' })
    assert.deepEqual(seen, ['running', 'awaiting', 'canceled'])
    const events = eventsOf(history, tx.id)
    assert.deepEqual(events.at(-1)!.by, 'Ada')
    tx.cancel('Bob')
    await new Promise((r) => setTimeout(r, 600)) // past the cancel grace: the worker's own 'canceled' arrives and is ignored
    assert.equal(eventsOf(history, tx.id).length, events.length)
    assert.deepEqual(seen, ['running', 'awaiting', 'canceled'])
  })

  it('cancel after completion is a no-op', async () => {
    const { tx, history } = await startWith(`export default async () => 1`)
    await within(tx.finished, 5000)
    const before = eventsOf(history, tx.id)
    tx.cancel('Ada')
    assert.equal(tx.status, 'completed')
    assert.deepEqual(eventsOf(history, tx.id), before)
  })

  describe('ctx.redirect', () => {
    it('ends the transaction redirected once the handler returns, and tells the shell once', async () => {
      const targets: RedirectTarget[] = []
      const { tx, history } = await startWith(
        `export default async (io, ctx) => {
          const first = await ctx.redirect({ route: 'billing/refund', params: { id: 7n, when: new Date(0) } })
          const second = await ctx.redirect({ url: 'https://example.com' })
          let kind = ''
          try { await io.input.text('more?') } catch (e) { kind = e.kind }
          ctx.log(String(first), String(second), kind)
          return 'ignored'
        }`,
        { onRedirect: (t) => targets.push(t) },
      )
      const r = await within(tx.finished, 5000)
      assert.equal(r.status, 'redirected')
      assert.deepEqual(r.end, { redirect: { route: 'billing/refund', params: { id: '7', when: '1970-01-01T00:00:00.000Z' } } })
      assert.deepEqual(r.logs, ['true false TRANSACTION_CLOSED'])
      assert.deepEqual(targets, [{ route: 'billing/refund', params: { id: '7', when: '1970-01-01T00:00:00.000Z' } }])
      const events = eventsOf(history, tx.id).map((e) => e.type)
      assert.equal(events.at(-1), 'redirected')
      assert.ok(!events.includes('result'))
    })

    it('a handler that throws after redirecting fails, and nothing opens', async () => {
      const targets: RedirectTarget[] = []
      const { tx } = await startWith(`export default async (io, ctx) => { await ctx.redirect({ url: 'https://example.com' }); throw new Error('after') }`, {
        onRedirect: (t) => targets.push(t),
      })
      const r = await within(tx.finished, 5000)
      assert.equal(r.status, 'failed')
      assert.equal(r.error!.message, 'after')
      assert.deepEqual(targets, [])
    })

    it('rejects a target that is neither { url } nor { route }', async () => {
      const { tx } = await startWith(`export default async (io, ctx) => { try { await ctx.redirect({ url: 'a', route: 'b' } as any) } catch (e) { return e.message } }`)
      assert.equal((await within(tx.finished, 5000)).result, 'ctx.redirect takes { url } or { route, params? }')
    })
  })

  it('ctx gives the environment, the action and the user; ctx.log and console reach onLog', async () => {
    const lines: string[] = []
    const { tx } = await startWith(`export default async (io, ctx) => { ctx.log('hi', { n: 1 }); console.log('out'); return { env: ctx.environment, action: ctx.action, email: ctx.user.email } }`, {
      environment: 'production',
      onLog: (l) => lines.push(l),
    })
    const r = await within(tx.finished, 5000)
    assert.deepEqual(r.result, { env: 'production', action: { slug: 'a', url: 'mini-interval://action/a' }, email: 'ada@example.com' })
    assert.deepEqual(lines, ['hi {\n  "n": 1\n}', 'out'])
    const dev = await startWith(`export default async (io, ctx) => ctx.environment`)
    assert.equal((await within(dev.tx.finished, 5000)).result, 'development')
  })

  it('abandon() stops the worker and writes no end, so the next start finds it interrupted', async () => {
    const { tx, history } = await startWith(`export default async (io) => io.input.text('a')`)
    await awaiting(tx)
    tx.abandon()
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(tx.status, 'awaiting')
    assert.equal(eventsOf(history, tx.id).at(-1)!.type, 'render')
  })

  describe('log formatting', () => {
    it('caps one entry at 10,000 characters', () => {
      const line = formatLogValues(['x'.repeat(20_000)])
      assert.equal(line, 'x'.repeat(10_000) + '… (10000 more characters)')
      assert.ok(formatLogValues([{ a: 'y'.repeat(50_000) }, 'z']).length <= 10_030)
      assert.equal(formatLogValues(['a', 1, null, 2n]), 'a 1 null "2"')
    })

    it('a 270 MB ctx.log and console line arrive cut', async () => {
      const { tx } = await startWith(`export default async (io, ctx) => { const s = 'x'.repeat(270e6); ctx.log(s); console.log(s); return 1 }`)
      const r = await within(tx.finished, 20_000)
      assert.equal(r.logs.length, 2)
      for (const l of r.logs) assert.ok(l.length < 10_100 && l.endsWith('more characters)'), `a line of ${l.length} characters`)
    })
  })

  describe('what the history log keeps of answers', () => {
    it('masks sensitive answers in answer and invalid events; the action gets the real value', async () => {
      const { tx, history } = await startWith(`export default async (io) => {
        const [token, name] = await io.group([io.input.text('Token', { sensitive: true, minLength: 8 }), io.input.text('Name')])
        return [token === 's3cret-token', name]
      }`)
      let v = await awaiting(tx)
      assert.equal(v.prompt!.components[0].props.sensitive, true, 'passed to the webview')
      tx.submit(v.prompt!.seq, ['short', 'Ada'])
      v = await until(tx, (x) => !!x.prompt?.errors)
      assert.deepEqual(v.prompt!.values, ['short', 'Ada'], 'the live panel keeps what was typed')
      tx.submit(v.prompt!.seq, ['s3cret-token', 'Ada'])
      const r = await within(tx.finished, 5000)
      assert.deepEqual(r.result, [true, 'Ada'])
      const events = eventsOf(history, tx.id)
      assert.deepEqual(events.find((e) => e.type === 'invalid')!.values, [MASK, 'Ada'])
      assert.deepEqual(events.find((e) => e.type === 'answer')!.values, [MASK, 'Ada'])
      const text = readFileSync(join(history.dir, `${tx.id}.jsonl`), 'utf8')
      assert.ok(!text.includes('s3cret') && !text.includes('short'))
    })

    it('stores uploaded files once by content hash', async () => {
      const { tx, history } = await startWith(`export default async (io) => { const files = await io.input.file('F').multiple(); return Promise.all(files.map((f) => f.text())) }`)
      const v = await awaiting(tx)
      const file = (name: string) => ({ name, type: 'text/plain', size: 5, lastModified: 0, data: Buffer.from('hello').toString('base64') })
      tx.submit(v.prompt!.seq, [[file('a.txt'), file('b.txt')]])
      const r = await within(tx.finished, 5000)
      assert.deepEqual(r.result, ['hello', 'hello'])
      const answer = eventsOf(history, tx.id).find((e) => e.type === 'answer')!
      const stored = (answer.values as { name: string; blob: string; data?: string }[][])[0]
      assert.deepEqual(stored.map((f) => f.name), ['a.txt', 'b.txt'])
      assert.ok(stored.every((f) => f.data === undefined && /^[0-9a-f]{64}$/.test(f.blob)))
      assert.equal(stored[0].blob, stored[1].blob)
      assert.equal(readFileSync(history.blobPath(stored[0].blob), 'utf8'), 'hello')
    })
  })

  describe('closing the panel (closePolicy)', () => {
    const cases: [Parameters<typeof onPanelClose>[0], string][] = [
      [{ status: 'completed', backgroundable: false, warnOnClose: true }, 'nothing'],
      [{ status: 'redirected' }, 'nothing'],
      [{ status: 'awaiting', backgroundable: true, warnOnClose: true }, 'keep-running'],
      [{ status: 'running', backgroundable: false, warnOnClose: true }, 'ask'],
      [{ status: 'awaiting' }, 'ask'],
      [{ status: 'awaiting', backgroundable: false, warnOnClose: false }, 'cancel'],
    ]
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(onPanelClose(input), expected))
    }
  })
})
