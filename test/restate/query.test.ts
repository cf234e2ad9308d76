// io.search and getData tables on Restate: the action's code answers a page's
// search or table page in the live session. Once Restate suspended the run
// at its prompt (its worker released), a query wakes it and a new worker
// replays to the prompt to answer; the same after the endpoint is killed with
// SIGKILL and started again. The action's side effects before the prompt are
// not repeated (a ctx.run step), and the answer afterwards still completes it.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRestate, waitFor, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, type EndpointProc } from './harness'
import type { Query } from '../../src/server/restate/query'

const PICK = `import { appendFileSync } from 'node:fs'
const people = [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }, { id: 3, name: 'Alan' }]
export default async (io, ctx) => {
  await ctx.run('once', async () => appendFileSync(ctx.params.counter, 'once\\n'))
  await io.display.table('Users', {
    getData: async ({ queryTerm, offset, pageSize }) => {
      const rows = people.filter((p) => p.name.toLowerCase().includes(queryTerm.toLowerCase()))
      return { data: rows.slice(offset, offset + pageSize), totalRecords: rows.length }
    },
    defaultPageSize: 2,
  })
  const p = await io.search('Person', {
    onSearch: async (q) => people.filter((p) => p.name.toLowerCase().startsWith(q.toLowerCase())),
    renderResult: (p) => ({ label: p.name, description: '#' + p.id }),
  })
  return p
}`

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])

describe('Restate engine: io.search and getData tables', function () {
  this.timeout(120_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string

  before(async () => {
    dir = actionsDir({ 'pick.action.ts': PICK })
    restate = await startRestate()
    ep = await startEndpointProc(dir, restate.admin, undefined, 'endpoint', { MI_IDLE_MS: '1000' })
  })
  after(async () => {
    await ep?.kill()
    await restate?.cleanup()
  })

  it('answers searches and table pages live, after Restate suspended the run, and after a SIGKILL of the endpoint', async () => {
    const id = `query-${process.pid}`
    const counter = join(dir, `${id}.counter`)
    const c = new TxClient(restate.ingress, id)
    await c.start('pick', { counter })
    const w = await c.next(0)
    assert.ok('seq' in w)
    const table = w.view.feed.find((f) => f.label === 'Users')!
    const dataId = String(table.props.dataId)
    let requestId = 0
    const search = async (query: string) => {
      const q: Query = { type: 'search', seq: w.seq, index: 0, requestId: ++requestId, query }
      const r = await c.tx.query(q)
      assert.ok(r.type === 'searchResults' && r.requestId === requestId)
      return r.results.map((x) => x.label)
    }
    const page = async (queryTerm: string, offset: number) => {
      const r = await c.tx.query({ type: 'tableQuery', dataId, requestId: ++requestId, query: { queryTerm, offset, pageSize: 2 } })
      assert.ok(r.type === 'tableRows' && r.requestId === requestId && !r.error, JSON.stringify(r))
      return { total: r.totalRecords, rows: (r.data.rows as unknown[][]).map((row) => row[1]) }
    }

    // Live: the worker that showed the screen answers.
    assert.deepEqual(await search('a'), ['Ada', 'Alan'])
    assert.deepEqual(await page('a', 2), { total: 3, rows: ['Alan'] })

    // Suspended: Restate ended the invocation at the prompt and the worker was released; a query wakes it.
    const releases = () => ep.output().split(`released ${id}\n`).length - 1
    const before = releases()
    await waitFor(`the worker of ${id} released`, async () => releases() > before, 20_000)
    assert.deepEqual(await search('g'), ['Grace'])
    assert.deepEqual(await page('', 0), { total: 3, rows: ['Ada', 'Grace'] })

    // The endpoint killed and started again: the same.
    await ep.kill()
    await ep.start()
    assert.deepEqual(await search('al'), ['Alan'])

    // The screen was published once: the wakes did not show it again.
    await assert.rejects(c.next(1, 1500), /timeout|aborted/i)
    const picked = (await search('gr'))[0]
    assert.equal(picked, 'Grace')
    // An io.search is answered with a result's key: the search state maps it back to the person.
    const r = await c.tx.query({ type: 'search', seq: w.seq, index: 0, requestId: ++requestId, query: 'gr' })
    assert.ok(r.type === 'searchResults')
    await c.answer(w.seq, [r.results[0].key])
    const end = await c.next(1)
    assert.ok('ended' in end && end.ended === 'completed', JSON.stringify(end))
    assert.deepEqual((await c.output() as { result: unknown }).result, { id: 2, name: 'Grace' })
    assert.deepEqual(lines(counter), ['once'], 'the step before the prompt ran once, whatever woke the run')
    await assert.rejects(c.tx.query({ type: 'search', seq: w.seq, index: 0, requestId: ++requestId, query: 'a' }), /no io.search or getData table now/)
  })
})
