// The behaviours every engine behind serve's `HostedRuns` seam must have,
// driven as people drive them: serve's HTTP API and event streams, one serve
// process per suite, SIGKILLed and started again where a behaviour needs it.
// test/unit/contract-embedded.test.ts runs it on the embedded engine,
// test/restate/contract-hosted.test.ts on Restate.
import * as assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isFinished } from '../../src/core/protocol'
import { events, type Client, type ServeProc } from '../unit/serve-client'
import { contractFolder } from './folder'

/** The behaviours, by the names an engine's pending list uses. */
export const BEHAVIOURS = [
  'unknown action',
  'three prompts with a ctx.run step',
  'a repeated or stale answer',
  'event stream',
  'validation',
  'throwing action',
  'cancel',
  'history',
  'singleton',
  'keyed singleton',
  'ctx.now and ctx.random after a restart',
  'SIGKILL at a prompt',
  'uploaded files after a restart',
  'io.search',
  'getData table',
  'workflow with a human step',
] as const
export type Behaviour = (typeof BEHAVIOURS)[number]

export interface EngineUnderTest {
  name: string
  /** Starts what the engine needs besides serve (a restate-server, say). */
  before?(): Promise<void>
  after?(): Promise<void>
  /** `serve FOLDER --data DATA` on this engine; called again with the same arguments to restart it. */
  serve(folder: string, data: string): Promise<ServeProc>
  /** Behaviours this engine does not have yet, each with why: listed as pending, not run (CONTRACT_RUN_PENDING=1 runs them). */
  pending?: Partial<Record<Behaviour, string>>
}

type Msg = any

const awaiting = (label: string, after = 0) => (m: Msg) => m.type === 'state' && m.state.status === 'awaiting' && m.state.prompt?.seq > after && m.state.prompt.components[0]?.label === label
const ended = (m: Msg) => m.type === 'history' || (m.type === 'state' && isFinished(m.state.status))
/** A finished run as its stream gives it: a History entry, or its last state. */
const outcome = (m: Msg): { status: string; result?: unknown; error?: { message: string } } => (m.type === 'history' ? m.entry : m.state)
/** The prompts a stream showed, in order, each screen once (a screen re-sent with a new status is the same screen). */
const promptsShown = (seen: Msg[]): string[] => {
  const out: string[] = []
  let last = -1
  for (const m of seen) {
    if (m.type !== 'state' || m.state.status !== 'awaiting' || m.state.prompt.seq === last) continue
    last = m.state.prompt.seq
    out.push(m.state.prompt.components[0].label)
  }
  return out
}

export function engineContract(engine: EngineUnderTest): void {
  describe(`engine contract: ${engine.name}`, function () {
    this.timeout(90_000)
    let dirs: ReturnType<typeof contractFolder>
    let s: ServeProc
    const streams: { close(): void }[] = []
    const c = (): Client => s.c
    const alive = () => !!s && s.child.exitCode === null && s.child.signalCode === null
    const start = async () => void (s = await engine.serve(dirs.folder, dirs.data))
    const stop = async () => {
      if (!alive()) return
      const gone = new Promise((r) => s.child.once('exit', r))
      s.child.kill('SIGKILL')
      await gone
    }

    before(async () => {
      dirs = contractFolder()
      await engine.before?.()
      await start()
    })
    // A test that failed with serve down leaves the next one a running serve.
    beforeEach(async () => void (alive() || (await start())))
    afterEach(() => streams.splice(0).forEach((st) => st.close()))
    after(async () => {
      await stop()
      await engine.after?.()
      if (dirs) rmSync(dirs.root, { recursive: true, force: true })
    })

    const behaviour = (name: Behaviour, fn: () => Promise<void>) => {
      const why = engine.pending?.[name]
      if (why && !process.env.CONTRACT_RUN_PENDING) it(`${name} (pending on ${engine.name}: ${why})`)
      else
        it(name, async () => {
          try {
            await fn()
          } catch (e) {
            // serve's own log says what the engine did.
            ;(e as Error).message += `\n--- serve's log (last lines) ---\n${s?.err.slice(-8).join('\n')}`
            throw e
          }
        })
    }

    const run = async (slug: string, params: Record<string, unknown> = {}): Promise<string> => (await c().json('/api/run', { slug, params })).id
    const watch = (id: string) => {
      const st = events(c(), `/api/tx/${id}/events`)
      streams.push(st)
      return st
    }
    const send = (id: string, m: Record<string, unknown>) => c().post(`/api/tx/${id}/message`, m)
    const answer = async (id: string, seq: number, value: unknown) => {
      const res = await send(id, { type: 'submit', seq, values: [value] })
      assert.equal(res.status, 204, `answering screen ${seq}: ${res.status} ${await res.text()}`)
    }
    const file = (name: string) => join(dirs.files, `${name}-${Math.random().toString(36).slice(2, 8)}`)
    const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [])
    /** Waits for the prompt `label` on the stream, answers it with `value`; gives its screen's seq. */
    const reply = async (st: ReturnType<typeof watch>, id: string, label: string, value: unknown, after = 0) => {
      const m = await st.next(awaiting(label, after), 60_000)
      await answer(id, m.state.prompt.seq, value)
      return m.state.prompt.seq as number
    }
    const history = async (query = '') => (await c().json(`/api/history?limit=500${query}`)) as { items: { id: string; status: string }[]; total: number }

    behaviour('unknown action', async () => {
      const before = (await history()).total
      const res = await c().post('/api/run', { slug: 'no/such-action' })
      assert.equal(res.status, 400)
      assert.match((await res.json()).error, /No action.*"no\/such-action"/)
      assert.equal((await history()).total, before, 'no transaction')
    })

    behaviour('three prompts with a ctx.run step', async () => {
      const counter = file('counter')
      const id = await run('three', { counter })
      const st = watch(id)
      let seq = await reply(st, id, 'Order', 'o1')
      seq = await reply(st, id, 'Amount', 12, seq)
      await reply(st, id, 'Note', 'thanks', seq)
      const end = outcome(await st.next(ended, 60_000))
      assert.equal(end.status, 'completed')
      assert.deepEqual(end.result, { order: 'o1', charge: 'ch_o1', amount: 12, note: 'thanks' })
      assert.deepEqual(promptsShown(st.seen), ['Order', 'Amount', 'Note'], 'each prompt shown once')
      assert.deepEqual(lines(counter), ['charge o1'], 'the step ran once')
    })

    behaviour('a repeated or stale answer', async () => {
      const counter = file('counter')
      const id = await run('three', { counter })
      const st = watch(id)
      const order = await reply(st, id, 'Order', 'o3')
      const amount = (await st.next(awaiting('Amount', order), 60_000)).state.prompt.seq
      // An answer to a screen already answered (a second tab, a late click): refused or ignored, never taken for another screen.
      const stale = await send(id, { type: 'submit', seq: order, values: ['again'] })
      assert.ok([204, 409].includes(stale.status), `a stale answer: ${stale.status}`)
      // The same answer sent twice at once, as a retry after a lost response sends it: one answer.
      const twice = await Promise.all([0, 1].map(() => send(id, { type: 'submit', seq: amount, values: [7] })))
      assert.ok(twice.some((r) => r.status === 204) && twice.every((r) => [204, 409].includes(r.status)), `twice: ${twice.map((r) => r.status)}`)
      await reply(st, id, 'Note', 'n3', amount)
      const end = outcome(await st.next(ended, 60_000))
      assert.deepEqual(end.result, { order: 'o3', charge: 'ch_o3', amount: 7, note: 'n3' })
      assert.deepEqual(promptsShown(st.seen), ['Order', 'Amount', 'Note'])
      assert.deepEqual(lines(counter), ['charge o3'])
    })

    behaviour('event stream', async () => {
      const counter = file('counter')
      const gate = file('gate')
      const id = await run('three', { counter, gate })
      const first = watch(id)
      await reply(first, id, 'Order', 'o2')
      assert.equal(first.seen[0].type, 'state', 'where the transaction stands comes first')
      // The answer taken, it is inside its step (the gate is shut): a second watcher joining now is told that, not the screen answered.
      await first.next((m) => m.type === 'state' && m.state.status === 'running', 30_000)
      const second = watch(id)
      const m1 = await second.next(() => true)
      assert.equal(m1.type, 'state')
      assert.equal(m1.state.status, 'running', `joined mid-step: ${JSON.stringify(m1.state.prompt?.components?.[0]?.label)}`)
      writeFileSync(gate, '')
      const seq = await reply(second, id, 'Amount', 3)
      await second.next(awaiting('Note', seq), 60_000)
      await first.next(awaiting('Note', seq), 60_000)
      assert.deepEqual(promptsShown(second.seen), ['Amount', 'Note'], 'the second watcher never saw an answered screen')
      assert.deepEqual(promptsShown(first.seen), ['Order', 'Amount', 'Note'], 'the first saw each change in order')
      assert.equal((await send(id, { type: 'cancel' })).status, 204)
    })

    behaviour('validation', async () => {
      const id = await run('validate')
      const st = watch(id)
      const seq = await reply(st, id, 'Age', 10)
      const refused = await st.next((m) => m.type === 'state' && m.state.prompt?.errors?.some(Boolean), 60_000)
      assert.equal(refused.state.status, 'awaiting')
      assert.equal(refused.state.prompt.seq, seq, 'the same screen')
      assert.deepEqual(refused.state.prompt.errors, ['Must be 18 or over'])
      await answer(id, seq, 30)
      const end = outcome(await st.next(ended, 60_000))
      assert.equal(end.status, 'completed')
      assert.deepEqual(end.result, { age: 30 })
    })

    behaviour('throwing action', async () => {
      const id = await run('fails')
      const st = watch(id)
      await reply(st, id, 'Box', 'b1')
      const end = outcome(await st.next(ended, 60_000))
      assert.equal(end.status, 'failed')
      assert.equal(end.error?.message, 'out of boxes: b1')
    })

    behaviour('cancel', async () => {
      const id = await run('three', { counter: file('counter') })
      const st = watch(id)
      const m = await st.next(awaiting('Order'), 60_000)
      assert.equal((await send(id, { type: 'cancel' })).status, 204)
      assert.equal(outcome(await st.next(ended, 60_000)).status, 'canceled')
      const late = await send(id, { type: 'submit', seq: m.state.prompt.seq, values: ['late'] })
      assert.equal(late.status, 409, 'an answer after the end is refused')
      const item = (await history('&action=three')).items.find((h) => h.id === id)
      assert.equal(item?.status, 'canceled')
    })

    behaviour('history', async () => {
      const list = events(c(), '/api/events')
      streams.push(list)
      const waiting = await run('three', { counter: file('counter') })
      await watch(waiting).next(awaiting('Order'), 60_000)
      // Answered with no page watching it: the lists still hear that it ended.
      const done = await run('validate')
      const st = watch(done)
      const m = await st.next(awaiting('Age'), 60_000)
      st.close()
      await answer(done, m.state.prompt.seq, 40)
      await list.next((e) => e.type === 'tx' && e.id === done && e.status === 'completed', 60_000)
      const all = await history()
      assert.equal(all.items.find((h) => h.id === waiting)?.status, 'awaiting')
      assert.equal(all.items.find((h) => h.id === done)?.status, 'completed')
      const finished = await history('&status=completed')
      assert.ok(finished.items.some((h) => h.id === done) && !finished.items.some((h) => h.id === waiting), 'filtered by status')
      const detail = await c().json(`/api/history/${done}`)
      assert.equal(detail.type, 'history', 'the detail route gives a History entry')
      assert.equal(detail.entry.status, 'completed')
      assert.deepEqual(detail.entry.result, { age: 40 })
      assert.equal((await c().get('/api/history/no-such-run')).status, 404)
      await send(waiting, { type: 'cancel' })
    })

    /** Starts `slug` again while one runs: no second transaction (the running one's id, or a refusal that says why). */
    const startAgain = async (slug: string, params: Record<string, unknown>, running: string) => {
      const res = await c().post('/api/run', { slug, params })
      if (res.status === 200) assert.equal((await res.json()).id, running, 'the running transaction, not a second one')
      else {
        assert.equal(res.status, 400)
        assert.match((await res.json()).error, /one at a time/)
      }
    }
    const live = async (slug: string) => (await history(`&action=${slug}`)).items.filter((h) => !isFinished(h.status as never)).map((h) => h.id)

    behaviour('singleton', async () => {
      const first = await run('solo')
      const st = watch(first)
      const m = await st.next(awaiting('Hold'), 60_000)
      await startAgain('solo', {}, first)
      assert.deepEqual(await live('solo'), [first])
      await answer(first, m.state.prompt.seq, 'x')
      assert.equal(outcome(await st.next(ended, 60_000)).status, 'completed')
      // Its end lets the next one start (the lock's release may trail the end by a moment).
      let next: string | undefined
      for (let i = 0; i < 50 && !next; i++) {
        const res = await c().post('/api/run', { slug: 'solo' })
        if (res.status === 200) next = (await res.json()).id
        else await new Promise((r) => setTimeout(r, 200))
      }
      assert.ok(next && next !== first, 'a new run once the first ended')
      await send(next, { type: 'cancel' })
    })

    behaviour('keyed singleton', async () => {
      const a = await run('keyed', { account: 'a' })
      await watch(a).next(awaiting('Hold'), 60_000)
      const b = await run('keyed', { account: 'b' })
      assert.notEqual(b, a, 'another key runs beside it')
      await startAgain('keyed', { account: 'a' }, a)
      assert.deepEqual((await live('keyed')).sort(), [a, b].sort())
      await send(a, { type: 'cancel' })
      await send(b, { type: 'cancel' })
    })

    behaviour('ctx.now and ctx.random after a restart', async () => {
      const seen = file('seen')
      const id = await run('clock', { seen })
      await watch(id).next(awaiting('Clock'), 60_000)
      await stop()
      await start()
      const st = watch(id)
      await reply(st, id, 'Clock', 'x')
      const end = outcome(await st.next(ended, 60_000))
      assert.equal(end.status, 'completed')
      const { t, r } = end.result as { t: number; r: number }
      const runs = lines(seen)
      assert.ok(runs.length >= 2, `its code ran again after the restart: ${runs.length} run(s)`)
      assert.deepEqual(new Set(runs), new Set([`${t} ${r}`]), 'every run of its code saw the same time and number')
    })

    behaviour('SIGKILL at a prompt', async () => {
      const counter = file('counter')
      const id = await run('three', { counter })
      let st = watch(id)
      await reply(st, id, 'Order', 'k1')
      const at = (await st.next(awaiting('Amount'), 60_000)).state.prompt.seq
      await stop()
      await start()
      st = watch(id)
      const again = await st.next((m) => m.type === 'state' && m.state.status === 'awaiting', 60_000)
      assert.equal(again.state.prompt.components[0].label, 'Amount', 'the same prompt')
      assert.equal(again.state.prompt.seq, at, 'the same screen')
      await answer(id, at, 5)
      await reply(st, id, 'Note', 'ok', at)
      const end = outcome(await st.next(ended, 60_000))
      assert.deepEqual(end.result, { order: 'k1', charge: 'ch_k1', amount: 5, note: 'ok' })
      assert.deepEqual(lines(counter), ['charge k1'], 'the completed step did not run again')
      // Its record: each screen once, with its one answer (what streams re-send is the event stream's business).
      const detail = await c().json(`/api/history/${id}`)
      assert.equal(detail.type, 'history')
      assert.deepEqual(detail.entry.steps.map((x: Msg) => [x.components[0].label, x.values?.[0]]), [['Order', 'k1'], ['Amount', 5], ['Note', 'ok']], 'nothing asked twice')
    })

    behaviour('uploaded files after a restart', async () => {
      // As the browser sends files (core/protocol/answers.ts); the binary is over one chunk of Restate's (restate/blobs.ts).
      const wire = (name: string, type: string, bytes: Buffer) => ({ name, type, size: bytes.length, lastModified: 0, data: bytes.toString('base64') })
      const seen = (name: string, type: string, bytes: Buffer) => ({ name, type, size: bytes.length, sha: createHash('sha256').update(bytes).digest('hex') })
      const text = Buffer.from('a line of text\n')
      const [big, small] = [randomBytes(600_000), randomBytes(10)]
      const id = await run('upload')
      let st = watch(id)
      const one = await reply(st, id, 'One', wire('a.txt', 'text/plain', text))
      const many = await reply(st, id, 'Many', [wire('big.bin', 'application/octet-stream', big), wire('small.bin', '', small)], one)
      await st.next(awaiting('Done', many), 60_000)
      await stop()
      await start()
      st = watch(id)
      const again = await st.next((m) => m.type === 'state' && m.state.status === 'awaiting', 60_000)
      assert.equal(again.state.prompt.components[0].label, 'Done', 'the files are not asked again')
      await answer(id, again.state.prompt.seq, 'ok')
      const end = outcome(await st.next(ended, 60_000))
      assert.deepEqual(end.result, {
        one: seen('a.txt', 'text/plain', text), text: text.toString(),
        many: [seen('big.bin', 'application/octet-stream', big), seen('small.bin', '', small)],
      }, JSON.stringify(end.error))
    })

    behaviour('io.search', async () => {
      const id = await run('pick')
      const st = watch(id)
      const m = await st.next(awaiting('Person'), 60_000)
      const seq = m.state.prompt.seq
      assert.equal((await send(id, { type: 'search', seq, index: 0, requestId: 7, query: 'a' })).status, 204)
      const found = await st.next((e) => e.type === 'searchResults' && e.requestId === 7)
      assert.deepEqual(found.results.map((r: Msg) => `${r.label} ${r.description}`), ['Ada #1', 'Alan #3'])
      await answer(id, seq, found.results[1].key)
      assert.deepEqual(outcome(await st.next(ended, 60_000)).result, { id: 3, name: 'Alan' })
    })

    behaviour('getData table', async () => {
      const id = await run('paged')
      const st = watch(id)
      const m = await st.next(awaiting('Wait'), 60_000)
      const table = m.state.feed.find((f: Msg) => f.label === 'Users')
      assert.equal(table?.props.async, true)
      const query = { queryTerm: 'user 1', offset: 5, pageSize: 5 }
      assert.equal((await send(id, { type: 'tableQuery', dataId: table.props.dataId, requestId: 3, query })).status, 204)
      const page = await st.next((e) => e.type === 'tableRows' && e.requestId === 3)
      // 'user 1' matches 1 and 10..19: the second page of five.
      assert.equal(page.totalRecords, 11)
      assert.deepEqual(page.data.rows.map((r: unknown[]) => r[1]), ['user 14', 'user 15', 'user 16', 'user 17', 'user 18'])
      await answer(id, m.state.prompt.seq, 'done')
      assert.equal(outcome(await st.next(ended, 60_000)).status, 'completed')
    })

    behaviour('workflow with a human step', async () => {
      const id = await run('flow')
      const st = watch(id)
      const asked = await st.next((m) => m.type === 'state' && m.state.workflow?.steps.some((x: Msg) => x.id === 'approve' && x.childTx), 60_000)
      const child = asked.state.workflow.steps.find((x: Msg) => x.id === 'approve').childTx as string
      // The step names its transaction as it starts it: followed once it is there.
      for (let i = 0; i < 100 && (await c().get(`/api/history/${child}`)).status === 404; i++) await new Promise((r) => setTimeout(r, 100))
      await reply(watch(child), child, 'Approve 42?', true)
      const end = outcome(await st.next(ended, 60_000))
      assert.equal(end.status, 'completed')
      assert.deepEqual((end.result as Record<string, unknown>).finish, { approved: true })
    })
  })
}
