// Tables and grids through a real worker: props and compact rows as the
// webview gets them, rows sent once apart from the state, getData pages, and
// selections resolving to the action's own row objects.
import { strict as assert } from 'node:assert'
import { gunzipSync } from 'node:zlib'
import type { TableRowsWire } from '../../src/core/protocol'
import { checkAnswer, checkRows } from '../../src/core/protocol'
import { cellWire } from '../../src/core/runtime/methods/tables'
import type { PanelMessage } from '../../src/core/runtime/transaction'
import { answerAll, awaiting, poll, start, until } from './helpers'

async function startWithPanel(source: string) {
  const started = await start(source)
  const panel: PanelMessage[] = []
  started.tx.onPanelMessage((m) => panel.push(m))
  return { ...started, panel }
}
function rowsOf(panel: PanelMessage[], dataId: unknown): TableRowsWire {
  // The last: a large table sends its first rows ahead of the rest.
  const m = panel.filter((x) => x.type === 'tableData' && x.dataId === dataId).at(-1) as { json?: string; gzip?: string }
  return JSON.parse(m.gzip !== undefined ? gunzipSync(Buffer.from(m.gzip, 'base64')).toString() : m.json!)
}

describe('tables and grids', function () {
  this.timeout(30_000)

  it('cells: primitives as they are; dates, bigints, rich cells and nested values made compact', () => {
    assert.equal(cellWire('a'), 'a')
    assert.equal(cellWire(3.5), 3.5)
    assert.equal(cellWire(undefined), null)
    assert.equal(cellWire(NaN), 'NaN')
    assert.deepEqual(cellWire(new Date(Date.UTC(2024, 0, 2))), { d: Date.UTC(2024, 0, 2) })
    assert.deepEqual(cellWire(12345678901234567890n), { l: '12345678901234567890', v: 12345678901234567000 })
    assert.deepEqual(cellWire({ label: 'Paid', value: 42, highlightColor: 'green', route: 'billing/refund', params: { id: 1 } }),
      { l: 'Paid', v: 42, route: 'billing/refund', params: { id: 1 }, hl: 'green' })
    assert.deepEqual(cellWire({ label: 'x', highlightColor: 'chartreuse', url: 'https://a.b' }), { l: 'x', url: 'https://a.b' })
    assert.deepEqual(cellWire({ label: 'when', value: new Date(5) }), { l: 'when', v: 5 })
    assert.equal(cellWire({ a: [1, 2] }), '{"a":[1,2]}')
    assert.equal(checkRows({ rows: [['a', 1, null, true, { d: 1 }, { l: 'x', hl: 'red' }]] }), undefined)
    assert.match(checkRows({ rows: [['a', { l: 'x', hl: 'chartreuse' }]] })!, /rows\.0\.1/)
    assert.match(checkRows({ rows: [[Infinity]] })!, /rows\.0\.0/)
  })

  it('io.select.table: implicit columns, rows once apart from the state, initiallySelected, the original objects back', async () => {
    const { tx, panel, history } = await startWithPanel(`
      const charges = [{ id: 'ch_1', amount: 10, at: new Date(0) }, { id: 'ch_2', amount: 20, note: 'late' }, { id: 'ch_3', amount: 30 }]
      export default async (io) => {
        const picked = await io.select.table('Charges', { data: charges, minSelections: 1, maxSelections: 2, initiallySelected: (c) => c.amount > 25 })
        return { same: picked[0] === charges[0], ids: picked.map((c) => c.id) }
      }`)
    const v = await awaiting(tx)
    const c = v.prompt!.components[0]
    assert.equal(c.method, 'SELECT_TABLE')
    assert.deepEqual(c.props, {
      dataId: c.props.dataId, isFilterable: true, isSortable: true, columns: [{ label: 'id' }, { label: 'amount' }, { label: 'at' }, { label: 'note' }],
      rowCount: 3, minSelections: 1, maxSelections: 2, initiallySelected: [2],
    })
    assert.deepEqual(rowsOf(panel, c.props.dataId), { rows: [['ch_1', 10, { d: 0 }, null], ['ch_2', 20, null, 'late'], ['ch_3', 30, null, null]] })
    assert.equal(JSON.stringify(v).includes('ch_2'), false, 'rows are not part of the state')
    assert.deepEqual(tx.tableData().map((m) => m.type), ['tableData'])
    tx.submit(v.prompt!.seq, [[]])
    assert.equal((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0], 'Choose at least 1.')
    tx.submit(v.prompt!.seq, [[0, 1, 2]])
    assert.equal((await until(tx, (x) => x.prompt?.errors?.[0] === 'Choose at most 2.')).status, 'awaiting')
    tx.submit(v.prompt!.seq, [[3]])
    assert.equal((await until(tx, (x) => x.prompt?.errors?.[0] === 'Choose rows of the table.')).status, 'awaiting')
    tx.submit(v.prompt!.seq, [[2, 0]])
    assert.deepEqual((await tx.finished).result, { same: false, ids: ['ch_3', 'ch_1'] })
    // History keeps what the chosen rows showed, not only their indexes.
    const step = history.read(tx.id).steps[0]
    assert.deepEqual(step.values, [[2, 0]])
    assert.deepEqual(step.chosenRows, { 0: { rows: [['ch_3', 30, null, null], ['ch_1', 10, { d: 0 }, null]] } })
  })

  it('io.select.table: given columns with accessorKey and renderCell, row menus, optional, validate and choices', async () => {
    const { tx, panel } = await startWithPanel(`
      const rows = [{ id: 1, email: 'a@x.io', plan: 'pro' }, { id: 2, email: 'b@x.io', plan: 'free' }]
      export default async (io) => {
        const r = await io.select.table('Users', {
          data: rows,
          columns: ['id', { label: 'Email', accessorKey: 'email' }, { label: 'Plan', renderCell: (r) => ({ label: r.plan.toUpperCase(), highlightColor: r.plan === 'pro' ? 'green' : 'gray' }) }],
          rowMenuItems: (r) => [{ label: 'Edit', route: 'users/edit', params: { id: r.id } }, { label: 'Delete', theme: 'danger', disabled: r.id === 1, route: 'users/delete' }],
        }).optional().validate((picked) => picked && picked.length === 2 ? 'Not both' : undefined).withChoices(['Go', 'Skip'])
        return { choice: r.choice, ids: r.returnValue?.map((u) => u.id) ?? null }
      }`)
    const v = await awaiting(tx)
    const c = v.prompt!.components[0]
    assert.deepEqual(c.props.columns, [{ label: 'id' }, { label: 'Email' }, { label: 'Plan' }])
    assert.equal(c.props.hasMenus, true)
    assert.equal(c.optional, true)
    const data = rowsOf(panel, c.props.dataId)
    assert.deepEqual(data.rows, [[1, 'a@x.io', { l: 'PRO', hl: 'green' }], [2, 'b@x.io', { l: 'FREE', hl: 'gray' }]])
    assert.deepEqual(data.menus![0], [
      { label: 'Edit', route: 'users/edit', params: { id: 1 } },
      { label: 'Delete', theme: 'danger', disabled: true, route: 'users/delete' },
    ])
    tx.submit(v.prompt!.seq, [[0, 1]], 'Go')
    assert.equal((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0], 'Not both')
    tx.submit(v.prompt!.seq, [[]], 'Skip')
    assert.deepEqual((await tx.finished).result, { choice: 'Skip', ids: [] }) // like select.multiple: optional and empty is []
  })

  it('io.select.table inside io.group, with the selected rows resolved', async () => {
    const r = await answerAll(`export default async (io) => {
      const [note, rows] = await io.group([io.input.text('Note'), io.select.table('Pick', { data: [{ a: 1 }, { a: 2 }] })])
      return { note, rows }
    }`, [['hi', [1]]])
    assert.deepEqual(r.record.error, undefined)
    assert.deepEqual(r.record.result, { note: 'hi', rows: [{ a: 2 }] })
  })

  it('io.display.table: static rows in the feed, orientation, and bad props named', async () => {
    const { tx, panel } = await startWithPanel(`export default async (io) => {
      await io.display.table('Orders', { data: [{ n: 1 }], orientation: 'vertical', defaultPageSize: 5, isSortable: false })
      return 'ok'
    }`)
    const done = await tx.finished
    const feed = done.feed[0]
    assert.deepEqual(feed.props, { dataId: feed.props.dataId, defaultPageSize: 5, isFilterable: true, isSortable: false, orientation: 'vertical', columns: [{ label: 'n' }], rowCount: 1 })
    assert.deepEqual(rowsOf(panel, feed.props.dataId), { rows: [[1]] })
    const bad = await answerAll(`export default async (io) => { await io.display.table('T', {}) }`, [])
    assert.match(bad.record.error!.message, /^io\.display\.table: invalid prop "data": Give either "data" or "getData"/)
    const badRows = await answerAll(`export default async (io) => { await io.select.table('T', { data: [1, 2] }) }`, [])
    assert.match(badRows.record.error!.message, /^io\.select\.table: invalid prop "data\.0": Expected an object/)
  })

  it('getData: first page fetched once for the columns, pages on request with the column key, errors reported, feed tables stay live', async () => {
    const { tx, panel } = await startWithPanel(`
      const all = Array.from({ length: 45 }, (_, i) => ({ id: i, name: 'user ' + i }))
      const calls = []
      export default async (io) => {
        await io.display.table('Users', {
          getData: async ({ queryTerm, sortColumn, sortDirection, offset, pageSize }) => {
            calls.push({ queryTerm, sortColumn, sortDirection, offset, pageSize })
            if (queryTerm === 'boom') throw new Error('db down')
            let rows = all.filter((r) => r.name.includes(queryTerm))
            if (sortColumn === 'id' && sortDirection === 'desc') rows = [...rows].reverse()
            return { data: rows.slice(offset, offset + pageSize), totalRecords: rows.length }
          },
          defaultPageSize: 10,
        })
        await io.input.text('Wait')
        return calls
      }`)
    const v = await awaiting(tx)
    const table = v.feed[0]
    assert.equal(table.props.async, true)
    assert.deepEqual(table.props.columns, [{ label: 'id' }, { label: 'name' }])
    const dataId = table.props.dataId as string
    const pages = () => panel.filter((m) => m.type === 'tableRows') as Extract<PanelMessage, { type: 'tableRows' }>[]
    tx.tableQuery(dataId, 1, { queryTerm: '', offset: 0, pageSize: 10 })
    await poll(() => pages().length === 1)
    assert.deepEqual(pages()[0].data.rows![0], [0, 'user 0'])
    assert.equal(pages()[0].totalRecords, 45)
    tx.tableQuery(dataId, 2, { queryTerm: '', sortColumn: 0, sortDirection: 'desc', offset: 10, pageSize: 10 })
    await poll(() => pages().length === 2)
    assert.deepEqual(pages()[1].data.rows![0], [34, 'user 34'])
    tx.tableQuery(dataId, 3, { queryTerm: 'boom', offset: 0, pageSize: 10 })
    await poll(() => pages().length === 3)
    assert.equal(pages()[2].error, 'db down')
    tx.tableQuery('nope', 4, { queryTerm: '', offset: 0, pageSize: 10 })
    tx.submit(v.prompt!.seq, ['x'])
    const calls = (await tx.finished).result as { sortColumn?: string }[]
    // The webview's first request reused the page fetched for the columns.
    assert.equal(calls.length, 3)
    assert.equal(calls[1].sortColumn, 'id')
  })

  it('large rows travel gzipped (base64), small ones as plain JSON', async () => {
    const { tx, panel } = await startWithPanel(`export default async (io) => {
      await io.display.table('Small', { data: [{ a: 1 }] })
      await io.display.table('Large', { data: Array.from({ length: 100000 }, (_, i) => ({ id: 'row ' + i, n: i, note: 'a note on row ' + i })) })
      return 1
    }`)
    const done = await tx.finished
    const sent = done.feed.map((c) => panel.filter((m) => m.type === 'tableData' && m.dataId === c.props.dataId) as { json?: string; gzip?: string }[])
    assert.equal(sent[0]!.length, 1)
    assert.equal(typeof sent[0]![0]!.json, 'string')
    // The large one: its first 500 rows at once (plain JSON), then all of them gzipped.
    assert.equal(sent[1]!.length, 2)
    assert.equal(JSON.parse(sent[1]![0]!.json!).rows.length, 500)
    const large = sent[1]![1]
    assert.equal(large!.json, undefined)
    assert.ok(large!.gzip!.length < 1_500_000, `${large!.gzip!.length} base64 characters`)
    assert.deepEqual(rowsOf(panel, done.feed[1]!.props.dataId).rows![99999], ['row 99999', 99999, 'a note on row 99999'])
  })

  it('io.display.grid: renderItem items with menus; renderItem is required', async () => {
    const { tx, panel } = await startWithPanel(`export default async (io) => {
      await io.display.grid('Albums', { data: [{ t: 'A', y: 1999 }], renderItem: (r) => ({ label: r.t, description: r.y, route: 'albums/show', params: { t: r.t }, menu: [{ label: 'Buy', url: 'https://shop.example' }] }), idealColumnWidth: 200 })
      return 1
    }`)
    const done = await tx.finished
    const g = done.feed[0]
    assert.deepEqual(g.props, { dataId: g.props.dataId, isFilterable: true, columns: [], isSortable: false, idealColumnWidth: 200, rowCount: 1 })
    assert.deepEqual(rowsOf(panel, g.props.dataId), { items: [{ label: 'A', description: '1999', route: 'albums/show', params: { t: 'A' }, menu: [{ label: 'Buy', url: 'https://shop.example' }] }] })
    const bad = await answerAll(`export default async (io) => { await io.display.grid('G', { data: [] }) }`, [])
    assert.match(bad.record.error!.message, /^io\.display\.grid: invalid prop "renderItem"/)
  })

  it('checkAnswer for select.table: indexes within rowCount, each once, optional empty', () => {
    const c = { method: 'SELECT_TABLE' as const, label: 'T', props: { rowCount: 3, maxSelections: 2 } }
    assert.deepEqual(checkAnswer(c, [0, 2]), { ok: true, value: [0, 2] })
    assert.equal((checkAnswer(c, [1, 1]) as { error: string }).error, 'A row was chosen twice.')
    assert.equal((checkAnswer(c, [0, 1, 2]) as { error: string }).error, 'Choose at most 2.')
    assert.equal((checkAnswer({ ...c, props: { rowCount: 3, minSelections: 1 }, optional: true }, []) as { ok: boolean }).ok, true)
  })
})
