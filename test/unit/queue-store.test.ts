// FileQueueStore: the folder of queued actions serve and the extension keep.
// Two stores on one folder (and another process) see each other's items and
// are told of each other's changes; add is idempotent by id; the state rules
// (open once, finish once, withdraw only while waiting); a corrupt item file
// is reported and skipped, never breaking the Inbox.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileQueueStore } from '../../src/core/queue/fileStore'
import type { QueueRequest } from '../../src/core/queue/types'
import { eventually } from './eventually'

const req = (over: Partial<QueueRequest> = {}): QueueRequest => ({ slug: 'refund', params: { amount: 5 }, source: { kind: 'person' }, ...over })
const ann = { email: 'ann@x.io', teams: ['ops'] }
const bob = { email: 'bob@x.io', teams: ['sales'] }

describe('FileQueueStore', () => {
  let dir: string
  const stores: FileQueueStore[] = []
  const store = (opts: ConstructorParameters<typeof FileQueueStore>[1] = {}): FileQueueStore => {
    const s = new FileQueueStore(dir, { onProblem: () => undefined, ...opts })
    stores.push(s)
    return s
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-queue-'))
  })
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
  })

  it('prunes items that ended before the retention, with their run links, and never an open one', async () => {
    const DAY = 86_400_000
    let t = Date.parse('2026-06-01T08:00:00Z')
    const s = store({ now: () => t })
    const old = await s.add(req(), 'lead@x.io')
    const withdrawn = await s.add(req(), 'lead@x.io')
    const open = await s.add(req(), 'lead@x.io')
    await s.start(old.id, 'ann@x.io')
    await s.finish(old.id, 'completed')
    assert.equal(await s.withdraw(withdrawn.id, 'lead@x.io'), true)
    t += 10 * DAY
    const recent = await s.add(req(), 'lead@x.io')
    await s.finish(recent.id, 'failed')
    t += 1 * DAY
    assert.equal(s.prune(90), 0, 'nothing ended 90 days ago')
    assert.equal(s.prune(5), 2, 'the two that ended 11 days ago')
    assert.equal(await s.get(old.id), undefined)
    assert.equal(await s.get(withdrawn.id), undefined)
    assert.equal(await s.byRun(old.runId), undefined)
    assert.equal((await s.get(recent.id))?.state, 'done')
    assert.deepEqual((await s.open()).map((i) => i.id), [open.id])
    for (const gone of [old, withdrawn]) assert.ok(!existsSync(join(dir, 'runs', gone.runId)), `${gone.runId}'s link is gone`)
    assert.ok(existsSync(join(dir, 'runs', open.runId)))
  })

  it('adds an item with its defaults, and an inbox shows what is for its reader, newest first', async () => {
    let t = Date.parse('2026-06-01T08:00:00Z')
    const s = store({ now: () => (t += 1000) })
    const a = await s.add(req({ assignee: ' Ann@X.io ' }), 'lead@x.io')
    const b = await s.add(req({ team: 'sales', title: 'Call back' }), 'lead@x.io')
    const c = await s.add(req(), 'lead@x.io')
    assert.equal(a.state, 'waiting')
    assert.equal(a.assignee, 'ann@x.io')
    assert.equal(a.runId, `q-${a.id}`)
    assert.equal(a.createdBy, 'lead@x.io')
    assert.deepEqual(a.params, { amount: 5 })
    assert.deepEqual((await s.open(ann)).map((i) => i.id), [c.id, a.id])
    assert.deepEqual((await s.open(bob)).map((i) => i.id), [c.id, b.id])
    assert.deepEqual((await s.open()).map((i) => i.id), [c.id, b.id, a.id])
    assert.deepEqual(await s.get(b.id), b)
    assert.equal(await s.get('nope'), undefined)
    assert.equal(await s.get('../../etc/passwd'), undefined)
  })

  it('add is idempotent by id: the same id returns the item as it is, in this store and another', async () => {
    const s1 = store()
    const s2 = store()
    const first = await s1.add(req({ id: 'tx1-q1', runId: 'tx9' }), 'ann@x.io')
    const again = await s2.add(req({ id: 'tx1-q1', params: { amount: 999 } }), 'bob@x.io')
    assert.deepEqual(again, first)
    assert.equal(again.runId, 'tx9')
    assert.equal((await s1.open()).length, 1)
    // Still the same item once it ended: a replayed ctx.enqueue never queues it again.
    await s1.finish('tx1-q1', 'completed')
    assert.equal((await s2.add(req({ id: 'tx1-q1' }), 'x@x.io')).state, 'done')
    // Its run finds it, ended, in another store too (runs/ names it), and only its own run does.
    assert.equal((await s2.byRun('tx9'))?.id, 'tx1-q1')
    assert.equal(await s2.byRun('q-tx1-q1'), undefined)
    assert.equal(await s2.byRun('../x'), undefined)
    assert.equal((await s2.open()).length, 0)
    // Many concurrent adds of one id: one item.
    const all = await Promise.all([store(), store(), store()].map((s) => s.add(req({ id: 'same', title: 'x' }), 'a@x.io')))
    assert.ok(all.every((i) => i.id === 'same' && i.createdAt === all[0]!.createdAt))
    await assert.rejects(s1.add(req({ id: 'Bad/Id' }), 'a@x.io'), /Invalid queued action id/)
  })

  it('state rules: opened once (again returns it), finished once, withdrawn only while waiting', async () => {
    const s = store()
    const a = await s.add(req(), 'lead@x.io')
    const started = await s.start(a.id, 'ann@x.io')
    assert.equal(started?.state, 'started')
    assert.equal(started?.startedBy, 'ann@x.io')
    // Opening it again (from another place) shows the same run, still by its first opener.
    assert.equal((await s.start(a.id, 'bob@x.io'))?.startedBy, 'ann@x.io')
    assert.equal(await s.withdraw(a.id, 'lead@x.io'), false)
    assert.equal((await s.open()).length, 1, 'a started item stays in the inbox until its run ends')
    assert.equal((await s.byRun(a.runId))?.id, a.id)
    await s.finish(a.id, 'completed')
    const done = await s.get(a.id)
    assert.equal(done?.state, 'done')
    assert.equal(done?.outcome, 'completed')
    assert.ok(done?.endedAt)
    await s.finish(a.id, 'failed')
    assert.equal((await s.get(a.id))?.outcome, 'completed', 'finish of a done item changes nothing')
    assert.equal(await s.start(a.id, 'ann@x.io'), undefined)
    assert.deepEqual(await s.open(), [])
    assert.equal((await s.byRun(a.runId))?.state, 'done', 'an ended item is still found by its run')

    const b = await s.add(req(), 'lead@x.io')
    assert.equal(await s.withdraw(b.id, 'lead@x.io'), true)
    assert.equal(await s.withdraw(b.id, 'lead@x.io'), true, 'withdrawing twice is fine')
    assert.equal((await s.get(b.id))?.state, 'withdrawn')
    assert.equal(await s.start(b.id, 'ann@x.io'), undefined)
    await s.finish(b.id, 'completed')
    assert.equal((await s.get(b.id))?.state, 'withdrawn')
    assert.deepEqual(await s.open(), [])
    assert.equal(await s.start('missing', 'ann@x.io'), undefined)
    assert.equal(await s.withdraw('missing', 'ann@x.io'), false)
    // Ended items leave the folder the inbox reads; no tmp or lock files stay behind.
    assert.deepEqual(readdirSync(dir).sort(), ['ended', 'runs'])
    assert.deepEqual(readdirSync(join(dir, 'ended')).sort(), [`${a.id}.json`, `${b.id}.json`].sort())
  })

  it('two stores opening one item at once: both get the same item, started by one of them', async () => {
    const s1 = store()
    const s2 = store()
    const a = await s1.add(req(), 'lead@x.io')
    const [x, y] = await Promise.all([s1.start(a.id, 'ann@x.io'), s2.start(a.id, 'bob@x.io')])
    assert.equal(x?.startedBy, y?.startedBy)
    assert.equal(x?.startedAt, y?.startedAt)
  })

  it('tells its listeners of its own changes and of another store on the same folder', async () => {
    const s1 = store()
    const s2 = store()
    let heard1 = 0
    let heard2 = 0
    s1.onChange(() => heard1++)
    const off = s2.onChange(() => heard2++)
    const a = await s1.add(req(), 'lead@x.io')
    await eventually('s1 told of its own add', () => heard1 > 0)
    await eventually('s2 told of s1 add', () => heard2 > 0)
    assert.equal((await s2.open()).length, 1)
    heard1 = 0
    await s2.start(a.id, 'ann@x.io')
    await eventually('s1 told of s2 start', () => heard1 > 0)
    assert.equal((await s1.get(a.id))?.state, 'started')
    heard1 = 0
    await s2.finish(a.id, 'completed')
    await eventually('s1 told of s2 finish', () => heard1 > 0)
    assert.deepEqual(await s1.open(), [])
    off()
    heard2 = 0
    await s1.add(req(), 'lead@x.io')
    await new Promise((r) => setTimeout(r, 150))
    assert.equal(heard2, 0, 'no longer told after unsubscribing')
  })

  it('sees items another process adds, and is told', async () => {
    const s = store()
    let heard = 0
    s.onChange(() => heard++)
    const code = `const { FileQueueStore } = require(${JSON.stringify(join(__dirname, '../../src/core/queue/fileStore.ts'))});
      new FileQueueStore(${JSON.stringify(dir)}).add({ slug: 'refund', id: 'from-child', team: 'ops', source: { kind: 'ctx', tx: 'tx1' } }, 'child@x.io').then(() => process.exit(0))`
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', code], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    await eventually('told of the other process', () => heard > 0)
    assert.deepEqual((await s.open(ann)).map((i) => [i.id, i.createdBy, i.source.kind]), [['from-child', 'child@x.io', 'ctx']])
  })

  it('without a watcher, another store’s change is noticed at the next read (no polling)', async () => {
    const s1 = store({ watch: false })
    const s2 = store()
    let heard = 0
    s1.onChange(() => heard++)
    await s2.add(req(), 'lead@x.io')
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(heard, 0, 'nothing polls')
    assert.equal((await s1.open()).length, 1)
    await eventually('told at the read', () => heard > 0)
  })

  it('a corrupt or foreign item file is reported once and skipped; the inbox still lists the rest', async () => {
    const problems: string[] = []
    const s = store({ onProblem: (m) => problems.push(m) })
    const good = await s.add(req(), 'lead@x.io')
    writeFileSync(join(dir, 'torn.json'), '{"id":"torn","slug":')
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ id: 'wrong', slug: 3 }))
    writeFileSync(join(dir, 'renamed.json'), JSON.stringify({ ...good, id: 'other' }))
    writeFileSync(join(dir, 'notes.txt'), 'not an item')
    assert.deepEqual((await s.open()).map((i) => i.id), [good.id])
    assert.deepEqual((await s.open(ann)).map((i) => i.id), [good.id])
    assert.equal(problems.length, 3, problems.join('\n'))
    assert.match(problems.join('\n'), /torn\.json is not a queued action \(not JSON\)/)
    assert.match(problems.join('\n'), /wrong\.json is not a queued action: slug/)
    assert.match(problems.join('\n'), /renamed\.json is not a queued action \(its id is not its name\)/)
    assert.equal(await s.get('torn'), undefined)
    assert.equal(await s.start('torn', 'ann@x.io'), undefined)
    assert.equal(problems.length, 3, 'each bad file is reported once, not at every read')
    assert.ok(existsSync(join(dir, 'torn.json')), 'left for a person to look at')
  })
})
