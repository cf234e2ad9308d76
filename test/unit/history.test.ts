import { strict as assert } from 'node:assert'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { toHistoryEntry } from '../../src/core/history/record'
import { USER, tempTree } from './helpers'

const action = { slug: 'a', name: 'A', file: '/w/a.action.ts' }
const started = (hostPid?: number) => ({ action, codeHash: 'h', params: {}, user: USER, hostPid })

describe('history store', () => {
  it('appends events and folds them back into a record', () => {
    const store = new HistoryStore(join(tempTree({}), 'h'))
    const { log } = store.create('t1', started())
    log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Email', props: {} }] })
    log.append({ type: 'answer', seq: 1, values: ['a@b.co'] })
    log.append({ type: 'result', value: { ok: true } })
    const r = store.read('t1')
    assert.equal(r.status, 'completed')
    assert.deepEqual(toHistoryEntry(r).steps, [{ seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Email', props: {} }], values: ['a@b.co'] }])
    assert.deepEqual(r.result, { ok: true })
    const lines = readFileSync(join(store.dir, 't1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(lines.map((l) => l.type), ['started', 'render', 'answer', 'result'])
    assert.ok(lines.every((l) => l.v === 1 && l.tx === 't1' && !Number.isNaN(Date.parse(l.at))))
  })

  it('lists newest first by id', () => {
    const store = new HistoryStore(join(tempTree({}), 'h'))
    const older = newTxId(1_000_000)
    const newer = newTxId(2_000_000)
    store.create(newer, started())
    store.create(older, started())
    assert.deepEqual(store.ids(), [newer, older])
  })

  it('skips and reports corrupt lines, and lists an unreadable file without breaking the others', () => {
    const store = new HistoryStore(join(tempTree({}), 'h'))
    const { log } = store.create('good', started())
    appendFileSync(join(store.dir, 'good.jsonl'), '{not json\n{"v":1,"tx":"good","at":"x","type":"nope"}\n')
    log.append({ type: 'canceled' })
    writeFileSync(join(store.dir, 'broken.jsonl'), 'garbage\n')
    const r = store.read('good')
    assert.equal(r.status, 'canceled')
    assert.equal(r.problems.length, 2)
    assert.match(r.problems[0], /^line 2 skipped/)
    const list = store.list()
    const broken = list.find((s) => s.id === 'broken')!
    assert.match(broken.unreadable!, /corrupt/)
    assert.equal(list.find((s) => s.id === 'good')!.status, 'canceled')
    assert.throws(() => store.read('../etc/passwd'), /Invalid transaction id/)
  })

  it('marks transactions of a host that is gone as interrupted, and leaves a live host alone', () => {
    const store = new HistoryStore(join(tempTree({}), 'h'))
    store.create('dead', started(999_999_999)).log.append({ type: 'render', seq: 1, components: [{ method: 'CONFIRM', label: 'ok', props: {} }] })
    store.create('live', started(4242))
    store.create('done', started(1)).log.append({ type: 'result' })
    const recovered = store.recover((pid) => pid === 4242)
    assert.deepEqual(recovered, ['dead'])
    assert.equal(store.read('dead').status, 'interrupted')
    assert.equal(store.read('live').status, 'running')
    assert.equal(store.read('done').status, 'completed')
    assert.deepEqual(store.recover((pid) => pid === 4242), [], 'recovering twice changes nothing')
  })
})

describe('history blobs', () => {
  it('stores contents once by sha256 and hands back its path', () => {
    const store = new HistoryStore(join(tempTree({}), 'h'))
    const data = new TextEncoder().encode('hello')
    const hash = store.putBlob(data)
    assert.equal(hash, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')
    assert.equal(store.putBlob(data), hash)
    assert.equal(readFileSync(store.blobPath(hash), 'utf8'), 'hello')
    assert.throws(() => store.blobPath('../x'), /Invalid blob hash/)
  })
})
