import { strict as assert } from 'node:assert'
import { execFileSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { endsSettled } from '../../src/core/history/endSync'
import { toHistoryEntry } from '../../src/core/history/record'
import { Leases } from '../../src/core/history/lease'
import { csvCell, exportCsv, exportJson, exportToFile } from '../../src/core/history/export'
import { USER, tempTree } from './helpers'

const action = { slug: 'a', name: 'A', file: '/w/a.action.ts' }
const started = (over: Partial<{ hostId: string; action: typeof action; params: Record<string, unknown> }> = {}) => ({ action, codeHash: 'h', params: {}, user: USER, ...over })
const newStore = () => new HistoryStore(join(tempTree({}), 'h'))
const lines = (store: HistoryStore, id: string) => readFileSync(join(store.dir, `${id}.jsonl`), 'utf8').split('\n').filter(Boolean)

describe('history store', () => {
  it('appends events and folds them back into a record; the start names its host lease, not a pid', async () => {
    const dir = join(tempTree({}), 'h')
    const lease = new Leases(join(dir, 'leases')).acquire()
    const store = new HistoryStore(dir, { lease })
    const { log } = store.create('t1', { ...started(), hostPid: 123 })
    log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Email', props: {} }] })
    log.append({ type: 'answer', seq: 1, values: ['a@b.co'] })
    log.append({ type: 'result', value: { ok: true } })
    const r = store.read('t1')
    assert.equal(r.status, 'completed')
    assert.deepEqual(toHistoryEntry(r).steps, [{ seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Email', props: {} }], values: ['a@b.co'] }])
    assert.deepEqual(r.result, { ok: true })
    const events = lines(store, 't1').map((l) => JSON.parse(l))
    assert.deepEqual(events.map((l) => l.type), ['started', 'render', 'answer', 'result'])
    assert.ok(events.every((l) => l.v === 1 && l.tx === 't1' && !Number.isNaN(Date.parse(l.at))))
    // The index hears of the end once it is on disk (endSync.ts).
    await log.synced()
    assert.equal(events[0].hostId, lease.id)
    assert.equal(events[0].hostPid, undefined)
    assert.deepEqual(store.summary('t1'), {
      id: 't1', slug: 'a', actionName: 'A', status: 'completed', user: 'Ada Lovelace', email: USER.email, startedAt: events[0].at, endedAt: events[3].at,
    })
    lease.release()
    assert.ok(!existsSync(join(dir, 'leases', lease.id)))
  })

  it('queries newest first, by action, by status and by text, and pages', async () => {
    const store = newStore()
    const b = { slug: 'refund', name: 'Refund', file: '/w/refund.ts' }
    const ids = [1, 2, 3, 4].map((n) => newTxId(n * 1_000_000))
    const one = store.create(ids[0], started()).log
    one.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Customer Email', props: {} }] })
    one.append({ type: 'answer', seq: 1, values: ['Grace@Example.com'] })
    one.append({ type: 'result', value: 'Refunded ORDER-77' })
    store.create(ids[1], started({ action: b })).log.append({ type: 'error', error: { name: 'TypeError', message: 'Card declined' } })
    store.create(ids[2], started({ action: b })).log.append({ type: 'log', message: 'still going' })
    store.create(ids[3], started()).log.append({ type: 'canceled', by: 'Ada' })
    await endsSettled()
    assert.deepEqual(store.query().items.map((s) => s.id), [...ids].reverse())
    assert.equal(store.query().total, 4)
    assert.deepEqual(store.query({ offset: 1, limit: 2 }), { items: [store.summary(ids[2]), store.summary(ids[1])], total: 4 })
    assert.deepEqual(store.query({ action: 'refund' }).items.map((s) => s.id), [ids[2], ids[1]])
    assert.deepEqual(store.query({ status: ['running'] }).items.map((s) => s.id), [ids[2]])
    assert.deepEqual(store.query({ status: ['failed', 'canceled'] }).items.map((s) => s.id), [ids[3], ids[1]])
    for (const text of ['customer email', 'grace@example', 'order-77', 'CARD DECLINED']) assert.deepEqual(store.query({ text }).items.map((s) => s.id).sort(), text === 'CARD DECLINED' ? [ids[1]] : [ids[0]], text)
    assert.equal(store.query({ text: 'refund' }).total, 3, 'action names match too (two refund runs and a result)')
    assert.equal(store.query({ text: 'nothing like this' }).total, 0)
    assert.deepEqual(store.actions(), [{ slug: 'a', name: 'A', count: 2 }, { slug: 'refund', name: 'Refund', count: 2 }])
    assert.deepEqual(store.list().map((s) => s.id), store.ids())
  })

  it('a cold first page comes from the end of the index and equals the full query; out-of-order starts fall back', async () => {
    const store = newStore()
    const ids = Array.from({ length: 30 }, (_, n) => newTxId((n + 1) * 1_000_000))
    ids.forEach((id, n) => {
      const { log } = store.create(id, started({ params: { n } }))
      if (n % 3 === 0) log.append({ type: 'result' })
      else if (n % 3 === 1) log.append({ type: 'canceled' })
    })
    await endsSettled()
    store.delete([ids[28]])
    const cold = new HistoryStore(store.dir).query({ limit: 10 })
    const warm = new HistoryStore(store.dir)
    warm.index.refresh()
    assert.deepEqual(cold, warm.query({ limit: 10 }))
    assert.equal(cold.total, 29)
    assert.ok(!cold.items.some((s) => s.id === ids[28]), 'a deleted run is not listed')
    // A log indexed late (as scan() does for old logs) puts an old start after newer ones.
    appendFileSync(join(store.dir, 'index.tsv'), `S\t${newTxId(500_000)}\t${new Date(500_000).toISOString()}\ta\t\tA\tAda\t\n`)
    const late = new HistoryStore(store.dir).query({ limit: 40 })
    assert.equal(late.total, 30)
    assert.equal(late.items.at(-1)!.startedAt, new Date(500_000).toISOString(), 'sorted by start, not by line')
  })

  it('two stores on the same folder see each other\'s appends', async () => {
    const a = newStore()
    const b = new HistoryStore(a.dir)
    a.create('x1', started()).log.append({ type: 'result' })
    await endsSettled()
    assert.equal(b.summary('x1')?.status, 'completed')
    const { log } = b.create('x2', started())
    assert.equal(a.summary('x2')?.status, 'running')
    log.append({ type: 'log', message: 'ZEBRA crossing' })
    log.append({ type: 'result' })
    await log.synced()
    assert.deepEqual(a.query({ text: 'zebra' }).items.map((s) => s.id), ['x2'])
    assert.equal(a.query().total, 2)
  })

  it('skips and reports corrupt lines; a log with no start is listed as unreadable by scan()', async () => {
    const store = newStore()
    const { log } = store.create('good', started())
    appendFileSync(join(store.dir, 'good.jsonl'), '{not json\n{"v":1,"tx":"good","at":"x","type":"nope"}\n')
    log.append({ type: 'canceled' })
    await log.synced()
    writeFileSync(join(store.dir, 'broken.jsonl'), 'garbage\n')
    const r = store.read('good')
    assert.equal(r.status, 'canceled')
    assert.equal(r.problems.length, 2)
    assert.match(r.problems[0], /^line 2 skipped/)
    const { problems } = await store.scan()
    assert.match(problems.join('\n'), /broken is corrupt/)
    assert.match(store.summary('broken')!.unreadable!, /corrupt: it has no readable start/)
    assert.equal(store.summary('good')!.status, 'canceled')
    assert.throws(() => store.read('../etc/passwd'), /Invalid transaction id/)
  })

  it('reports a log whose start is of another transaction (a copied file)', () => {
    const store = newStore()
    store.create('orig', started()).log.append({ type: 'result' })
    writeFileSync(join(store.dir, 'copy.jsonl'), readFileSync(join(store.dir, 'orig.jsonl')))
    assert.match(store.read('copy').problems.join(), /line 1: this log starts transaction orig, not copy/)
  })

  it('a zero-byte log is unreadable with a clear message', () => {
    const store = newStore()
    writeFileSync(join(store.dir, 'empty.jsonl'), '')
    assert.throws(() => store.read('empty'), /The log of empty is empty \(0 bytes\)/)
    assert.throws(() => store.read('absent'), /The log of absent is missing/)
  })

  it('a FIFO named like a log neither blocks read() nor scan()', async function () {
    if (process.platform !== 'linux') this.skip()
    const store = newStore()
    execFileSync('mkfifo', [join(store.dir, 'pipe.jsonl')])
    mkdirSync(join(store.dir, 'folder.jsonl'))
    writeFileSync(join(store.dir, 'notes.txt'), 'mine')
    assert.throws(() => store.read('pipe'), /not a regular file/)
    const { problems } = await store.scan()
    assert.deepEqual(problems.sort(), [
      '"folder.jsonl" in the history folder is not a regular file: left alone',
      '"notes.txt" in the history folder is not a run\'s log: left alone',
      '"pipe.jsonl" in the history folder is not a regular file: left alone',
    ])
    assert.equal(readFileSync(join(store.dir, 'notes.txt'), 'utf8'), 'mine')
  })
})

describe('history caps', () => {
  it('a 5 MB log line is kept as a note within 1 MB; a huge refused answer keeps each value under 10 KB', () => {
    const store = newStore()
    const { log } = store.create('big', started())
    const kept = log.append({ type: 'log', message: 'x'.repeat(5 << 20) })
    assert.equal(kept.type === 'log' && kept.message, '[value of 5.0 MB not kept: history keeps at most 1.0 MB per event]')
    log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Name', props: {} }] })
    log.append({ type: 'invalid', seq: 1, values: ['y'.repeat(3 << 20), 'short'], errors: ['too long', null] })
    log.append({ type: 'answer', seq: 1, values: [{ file: 'z'.repeat(2 << 20), name: 'f.txt' }] })
    log.append({ type: 'result' })
    for (const l of lines(store, 'big')) assert.ok(Buffer.byteLength(l) <= 1 << 20, `${l.length}`)
    const events = lines(store, 'big').map((l) => JSON.parse(l))
    assert.deepEqual(events[3].values, ['[value of 3.0 MB not kept: history keeps at most 10 KB per value]', 'short'])
    assert.deepEqual(events[4].values, ['[value of 2.0 MB not kept: history keeps at most 1.0 MB per event]'])
    const r = store.read('big')
    assert.equal(r.status, 'completed')
    assert.equal(r.problems.length, 0)
  })

  it('never throws on a BigInt, a cycle or a throwing getter', () => {
    const store = newStore()
    const { log } = store.create('odd', started())
    const cyclic: Record<string, unknown> = { n: 1n }
    cyclic.self = cyclic
    const getter = { get boom() { throw new Error('no') } }
    log.append({ type: 'result', value: { cyclic, getter, shared: [cyclic, cyclic] } })
    assert.deepEqual(store.read('odd').result, {
      cyclic: { n: '1n', self: '[circular]' }, getter: { boom: '[unreadable: no]' }, shared: [{ n: '1n', self: '[circular]' }, { n: '1n', self: '[circular]' }],
    })
  })

  it('past 32 MB drops log lines and refused answers with one marker and counts, but keeps screens, answers and the end', () => {
    const store = newStore()
    const { log } = store.create('chatty', started())
    const mb = 'm'.repeat((1 << 20) - 200)
    for (let i = 0; i < 40; i++) log.append({ type: 'log', message: `${i} ${mb}` })
    log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Name', props: {} }] })
    log.append({ type: 'invalid', seq: 1, values: ['bad'], errors: ['no'] })
    log.append({ type: 'answer', seq: 1, values: ['ok'] })
    log.append({ type: 'result', value: 'done' })
    const size = statSync(join(store.dir, 'chatty.jsonl')).size
    assert.ok(size < 34 << 20, `${size}`)
    const r = store.read('chatty')
    assert.equal(r.status, 'completed')
    assert.equal(r.result, 'done')
    assert.equal(r.steps.length, 1)
    const notes = r.logs.filter((l) => !l.startsWith('m') && !/^\d+ m/.test(l))
    assert.deepEqual(notes, [
      'History keeps at most 32 MB per run: later log lines and refused answers are left out.',
      '7 log line(s) and 1 refused answer(s) were left out of history (over 32 MB).',
    ])
  })
})

describe('history reading at scale', () => {
  it('streams a 50 MB log: the record keeps a bounded number of log lines and the heap does not hold the file', function () {
    this.timeout(60_000)
    const store = newStore()
    store.create('huge', started()).log.close()
    const line = (i: number) => JSON.stringify({ v: 1, tx: 'huge', at: '2025-01-01T00:00:00.000Z', type: 'log', message: `line ${i} ${'p'.repeat(480)}` }) + '\n'
    const batch: string[] = []
    for (let i = 0; i < 100_000; i++) batch.push(line(i))
    appendFileSync(join(store.dir, 'huge.jsonl'), batch.join(''))
    batch.length = 0
    assert.ok(statSync(join(store.dir, 'huge.jsonl')).size > 50e6)
    const before = process.memoryUsage().heapUsed
    let peak = before
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1)
    const r = store.read('huge')
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().heapUsed)
    const entry = toHistoryEntry(r)
    assert.equal(entry.logs.length, 5001)
    assert.equal(entry.logsOmitted, 95_000)
    assert.match(entry.logs[0], /^line 0 /)
    assert.match(entry.logs[1000], /95,000 log lines not kept/)
    assert.match(entry.logs[5000], /^line 99999 /)
    assert.ok(peak - before < 40e6, `heap grew by ${((peak - before) / 1e6).toFixed(1)} MB reading a 50 MB log`)
  })
})

describe('history recovery', () => {
  it('ends a torn log with its marker on a new line, read back', () => {
    const store = newStore()
    store.create('torn', started()).log.append({ type: 'render', seq: 1, components: [{ method: 'CONFIRM', label: 'ok', props: {} }] })
    appendFileSync(join(store.dir, 'torn.jsonl'), '{"v":1,"tx":"torn","at":"2025-01-01T00:00:00.000Z","type":"log","mess')
    const other = new HistoryStore(store.dir)
    assert.deepEqual(other.recover(), { interrupted: [], orphans: ['torn'], problems: [] }, 'an unfinished run is left to resume')
    assert.equal(other.read('torn').status, 'awaiting')
    assert.ok(other.interrupt('torn', 'its action file is gone'))
    const r = other.read('torn')
    assert.equal(r.status, 'interrupted')
    assert.deepEqual(r.problems, ['line 3 skipped: Unterminated string in JSON at position 69'])
    assert.equal(other.summary('torn')!.status, 'interrupted')
    assert.deepEqual(other.recover(), { interrupted: [], orphans: [], problems: [] }, 'recovering twice changes nothing')
  })

  it('a stale lease is recovered, a live lease left alone, a pid never trusted', async () => {
    const dir = join(tempTree({}), 'h')
    const leases = new Leases(join(dir, 'leases'))
    const live = leases.acquire()
    const gone = leases.acquire()
    const ours = leases.acquire()
    const store = new HistoryStore(dir, { lease: ours })
    store.create('of-live', started({ hostId: live.id }))
    store.create('of-gone', started({ hostId: gone.id })).log.append({ type: 'render', seq: 1, components: [{ method: 'CONFIRM', label: 'ok', props: {} }] })
    store.create('of-ours', started())
    // A window that crashed: it never released its lease, it just stopped renewing.
    gone.release()
    writeFileSync(leases.fileOf(gone.id), '{}')
    const old = new Date(Date.now() - 60_000)
    utimesSync(leases.fileOf(gone.id), old, old)
    // Written by the version before leases, by a pid that is alive now (this one).
    writeFileSync(join(dir, 'old-pid.jsonl'), JSON.stringify({ v: 1, tx: 'old-pid', at: '2024-01-01T00:00:00.000Z', type: 'started', action, codeHash: 'h', params: {}, user: USER, hostPid: process.pid }) + '\n')
    const other = new HistoryStore(dir)
    assert.deepEqual(other.recover(), { interrupted: [], orphans: ['of-gone'], problems: [] })
    assert.equal(other.read('of-live').status, 'running')
    assert.equal(other.read('of-ours').status, 'running')
    assert.equal(other.read('of-gone').status, 'awaiting', 'left as it was, to resume')
    assert.equal(store.recover().orphans.length, 0, 'its own runs are never recovered from under a store')
    assert.deepEqual((await other.scan()).problems, [])
    assert.deepEqual(other.recover().orphans.sort(), ['of-gone', 'old-pid'], 'a run of the version before leases is resumable too')
    live.release()
    assert.deepEqual(other.recover().orphans.sort(), ['of-gone', 'of-live', 'old-pid'])
    ours.release()
  })

  it('settles an index entry whose log was never written, and repairs an end the index missed', async () => {
    const store = newStore()
    store.index.appendStart({ id: 'ghost', startedAt: '2025-01-01T00:00:00.000Z', slug: 'a', actionName: 'A', user: 'Ada' })
    store.index.appendStart({ id: 'empty', startedAt: '2025-01-01T00:00:01.000Z', slug: 'a', actionName: 'A', user: 'Ada' })
    writeFileSync(join(store.dir, 'empty.jsonl'), '')
    const writer = new HistoryStore(store.dir)
    writer.create('ended', started()).log.append({ type: 'result', value: 'fine' })
    await endsSettled()
    // Simulate a crash between the log's end and the index's end line.
    const index = readFileSync(join(store.dir, 'index.tsv'), 'utf8').split('\n').filter((l) => !l.startsWith('E\tended')).join('\n')
    writeFileSync(join(store.dir, 'index.tsv.tmp'), index)
    execFileSync('mv', [join(store.dir, 'index.tsv.tmp'), join(store.dir, 'index.tsv')])
    writeFileSync(join(store.dir, 'search.tsv'), '')
    const { interrupted } = store.recover()
    assert.deepEqual(interrupted.sort(), ['empty', 'ghost'])
    assert.match(store.summary('ghost')!.unreadable!, /never started/)
    assert.equal(store.summary('ghost')!.status, 'interrupted')
    assert.ok(!existsSync(join(store.dir, 'empty.jsonl')))
    assert.equal(store.summary('ended')!.status, 'completed')
    assert.equal(store.read('ended').status, 'completed')
    assert.deepEqual(store.query({ text: 'fine' }).items.map((s) => s.id), ['ended'])
  })

  it('scan() rebuilds a lost index from the logs, old format included', async () => {
    const store = newStore()
    store.create('one', started()).log.append({ type: 'result', value: 'kiwi' })
    await endsSettled()
    writeFileSync(join(store.dir, 'two.jsonl'), JSON.stringify({ v: 1, tx: 'two', at: '2024-01-01T00:00:00.000Z', type: 'started', action, codeHash: 'h', params: {}, user: USER, hostPid: 1 }) + '\n'
      + JSON.stringify({ v: 1, tx: 'two', at: '2024-01-01T00:00:01.000Z', type: 'canceled' }) + '\n')
    execFileSync('rm', [join(store.dir, 'index.tsv'), join(store.dir, 'search.tsv')])
    const fresh = new HistoryStore(store.dir)
    assert.equal(fresh.query().total, 0)
    assert.deepEqual(await fresh.scan(), { problems: [] })
    assert.deepEqual(fresh.query().items.map((s) => [s.id, s.status]), [['one', 'completed'], ['two', 'canceled']])
    assert.deepEqual(fresh.query({ text: 'kiwi' }).items.map((s) => s.id), ['one'])
  })
})

describe('history retention', () => {
  const DAY = 86_400_000
  it('prune() deletes ended runs older than the retention, never running ones; delete() and clear() likewise', async () => {
    const dir = join(tempTree({}), 'h')
    const lease = new Leases(join(dir, 'leases')).acquire()
    const store = new HistoryStore(dir, { lease })
    for (const id of ['p1', 'p2', 'p3']) new HistoryStore(dir).create(id, started()).log.append({ type: 'log', message: `log of ${id}` })
    store.create('p4', started())
    for (const id of ['p1', 'p2', 'p3']) store.create(`${id}x`, started()).log.append({ type: 'result', value: `result of ${id}` })
    await endsSettled()
    const other = new HistoryStore(dir)
    assert.deepEqual(other.recover().orphans.sort(), ['p1', 'p2', 'p3'])
    for (const id of ['p1', 'p2', 'p3']) other.interrupt(id, 'test')
    const blob = store.putBlob(new Uint8Array([1, 2, 3]))
    assert.equal(store.prune(30), 0, 'nothing is 30 days old yet')
    assert.equal(store.prune(30, Date.now() + 31 * DAY), 6)
    assert.ok(!existsSync(store.blobPath(blob)), 'an unused old blob goes too')
    assert.deepEqual(store.query().items.map((s) => s.id), ['p4'])
    assert.ok(!existsSync(join(store.dir, 'p1.jsonl')))
    assert.equal(store.query({ text: 'result of' }).total, 0)
    store.create('q1', started()).log.append({ type: 'result' })
    store.create('q2', started()).log.append({ type: 'result', value: 'banana' })
    store.create('q3', started()).log.append({ type: 'result' })
    await endsSettled()
    assert.equal(store.delete(['q1', 'p4', 'nope']), 1)
    assert.deepEqual(store.ids().sort(), ['p4', 'q2', 'q3'])
    assert.equal(new HistoryStore(store.dir).query().total, 3, 'another store sees the deletion')
    assert.equal(store.clear(), 2)
    assert.deepEqual(store.ids(), ['p4'])
    assert.equal(store.query({ text: 'banana' }).total, 0)
    assert.equal(store.read('p4').status, 'running')
    lease.release()
  })
})

describe('history blobs', () => {
  it('stores contents once by sha256 and hands back its path', () => {
    const store = newStore()
    const data = new TextEncoder().encode('hello')
    const hash = store.putBlob(data)
    assert.equal(hash, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')
    assert.equal(store.putBlob(data), hash)
    assert.equal(readFileSync(store.blobPath(hash), 'utf8'), 'hello')
    assert.throws(() => store.blobPath('../x'), /Invalid blob hash/)
  })
})

describe('history export', () => {
  const make = async () => {
    const store = newStore()
    const one = store.create(newTxId(1_000_000), started({ params: { order: 7 } })).log
    one.append({ type: 'result', value: '=HYPERLINK("http://evil")' })
    store.create(newTxId(2_000_000), started()).log.append({ type: 'error', error: { name: 'Error', message: 'said "no", then\nleft' } })
    await endsSettled()
    writeFileSync(join(store.dir, 'index.tsv'), readFileSync(join(store.dir, 'index.tsv'), 'utf8') + 'S\tlost\t2025-01-01T00:00:00.000Z\ta\t\tA\tAda\t\n')
    return store
  }

  it('CSV: one quoted row per run, formulas defused', async () => {
    const store = await make()
    const [newer, older] = store.ids()
    const csv = exportCsv([store.read(older), store.read(newer)])
    const rows = csv.split('\r\n')
    assert.equal(rows[0], 'id,action,status,user,email,startedAt,endedAt,durationMs,params,result,error')
    assert.match(rows[1], new RegExp(`^${older},A,completed,Ada Lovelace,ada@example.com,[^,]+,[^,]+,\\d+,"{""order"":7}","'=HYPERLINK\\(""http://evil""\\)",$`))
    assert.match(csv, /,"Error: said ""no"", then\nleft"\r\n$/)
    assert.equal(csvCell('-1'), "'-1")
    assert.equal(csvCell('@x'), "'@x")
    assert.equal(csvCell('plain'), 'plain')
  })

  it('exportToFile streams the filtered runs, an unreadable one included with why', async () => {
    const store = await make()
    const file = join(store.dir, '..', 'out.json')
    assert.equal(await exportToFile(store, {}, 'json', file), 3)
    const runs = JSON.parse(readFileSync(file, 'utf8'))
    assert.deepEqual(runs.map((r: { status: string }) => r.status), ['failed', 'completed', 'running'])
    assert.match(runs[2].unreadable, /The log of lost is missing/)
    assert.deepEqual(runs[1].params, { order: 7 })
    assert.deepEqual(JSON.parse(exportJson([store.read(store.ids()[0])]))[0].error.message, 'said "no", then\nleft')
    const csvFile = join(store.dir, '..', 'out.csv')
    assert.equal(await exportToFile(store, { status: ['failed'] }, 'csv', csvFile), 1)
    assert.deepEqual(readFileSync(csvFile, 'utf8').split('\r\n').map((r) => r.split(',')[2]), ['status', 'failed', undefined], 'header, one row (its newline quoted), final newline')
  })
})
