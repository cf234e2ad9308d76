// Props that Interval's SDK accepts (its component types and src/ioSchema.ts)
// are accepted here too, and reach the panel in a form it can draw.
import { strict as assert } from 'node:assert'
import { checkProps } from '../../src/core/protocol/props'
import { answerAll, awaiting, start, until } from './helpers'

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const dayTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

describe('props Interval accepts', function () {
  this.timeout(30_000)

  it('every widened prop passes the schema', () => {
    const fn = () => undefined
    const accepted: [Parameters<typeof checkProps>[0], unknown][] = [
      ['DISPLAY_LINK', { url: 'https://x.dev', theme: 'secondary' }],
      ['DISPLAY_LINK', { route: 'a', theme: 'primary' }],
      ['DISPLAY_LINK', { href: 'https://x.dev', download: 'x.csv', theme: 'default' }],
      ['DISPLAY_HEADING', { menuItems: [{ label: 'a', url: 'https://x.dev', theme: 'default' }, { label: 'b', route: 'r', theme: 'secondary' }] }],
      ['SELECT_SINGLE', { options: [new Date(0), { label: new Date(0), value: new Date(0), description: null, imageUrl: 'https://x.dev/a.png' }] }],
      ['SELECT_MULTIPLE', { options: [{ label: new Date(0), value: 1 }, 'x'], defaultValue: null }],
      ['INPUT_TEXT', { lines: 2.5 }],
      ['INPUT_NUMBER', { decimals: 150 }],
      ['INPUT_SLIDER', { min: 0, max: 1, step: 0 }],
      ['INPUT_URL', { allowedProtocols: [] }],
      ['INPUT_DATE', { defaultValue: { year: 2026, month: 1, day: 2, jsDate: new Date() } }],
      ['INPUT_DATETIME', { defaultValue: { year: 2026, month: 1, day: 2, hour: 3, minute: 4 }, min: new Date(0), max: { year: 2027, month: 1, day: 1, hour: 0, minute: 0 } }],
      ['INPUT_FILE', { generatePresignedUrls: fn }],
      ['CONFIRM_IDENTITY', { gracePeriodMs: -5 }],
      ['SELECT_TABLE', { data: [], defaultPageSize: 2.5 }],
      ['DISPLAY_TABLE', { data: [], defaultPageSize: 0 }],
      ['DISPLAY_GRID', { data: [], renderItem: fn, idealColumnWidth: -1, defaultPageSize: 0.5 }],
      ['DISPLAY_IMAGE', { url: 'https://x.dev/a.png', width: 'small', height: 'large' }],
      ['DISPLAY_METADATA', { data: [{ label: 'a', url: async () => 'https://x.dev', route: Promise.resolve('r'), params: () => ({}), image: { url: 'u', width: 'small' } }] }],
    ]
    for (const [method, props] of accepted) {
      const r = checkProps(method, props)
      assert.ok(r.ok, `${method} ${JSON.stringify(props)}: ${r.ok ? '' : r.error}`)
    }
  })

  it('io.display.link: every theme, `href` as the url; the default theme is no theme', async () => {
    const { tx } = await start(`export default async (io) => {
      await io.display.link('A', { url: 'https://x.dev', theme: 'secondary' })
      await io.display.link('B', { href: 'https://y.dev', download: 'y.csv', theme: 'default' })
      await io.display.heading('H', { menuItems: [{ label: 'M', route: 'r', theme: 'default' }] })
      return io.input.text('T').withChoices([{ label: 'Go', value: 'go', theme: 'default' }, { label: 'Stop', theme: 'danger' }])
    }`)
    const v = await awaiting(tx)
    assert.deepEqual(v.feed.map((c) => c.props), [
      { url: 'https://x.dev', theme: 'secondary' },
      { url: 'https://y.dev' },
      { level: 2, menuItems: [{ label: 'M', route: 'r' }] },
    ])
    assert.deepEqual(v.prompt!.choices, [{ label: 'Go', value: 'go' }, { label: 'Stop', value: 'Stop', theme: 'danger' }])
    tx.cancel()
  })

  it('io.select.single: Date options and Date labels shown as dates, the option itself back; Dates match by time', async () => {
    const { tx } = await start(`export default async (io) => {
      const options = [new Date(2026, 0, 9), { label: new Date(2026, 0, 9, 14, 30), value: 'b', description: null, imageUrl: 'https://x.dev/b.png' }]
      const v = await io.select.single('When', { options, defaultValue: new Date(2026, 0, 9) })
      return { same: v === options[0], time: v.getTime() }
    }`)
    const v = await awaiting(tx)
    // As the panel gets it (JSON): absent image fields are left out.
    assert.deepEqual(JSON.parse(JSON.stringify(v.prompt!.components[0].props)), {
      options: [{ label: day.format(new Date(2026, 0, 9)) }, { label: dayTime.format(new Date(2026, 0, 9, 14, 30)), image: { url: 'https://x.dev/b.png' } }],
      defaultValue: 0,
    })
    tx.submit(v.prompt!.seq, [0])
    assert.deepEqual((await tx.finished).result, { same: true, time: new Date(2026, 0, 9).getTime() })
  })

  it('io.select.multiple: Date labels, a null defaultValue', async () => {
    const { tx } = await start(`export default async (io) => io.select.multiple('Days', { options: [{ label: new Date(2026, 1, 1), value: 1 }, { label: 'later', value: 2 }], defaultValue: null })`)
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components[0].props, { options: [{ label: day.format(new Date(2026, 1, 1)) }, { label: 'later' }], defaultValue: [] })
    tx.submit(v.prompt!.seq, [[0]])
    assert.deepEqual((await tx.finished).result, [{ label: new Date(2026, 1, 1).toISOString(), value: 1 }])
  })

  it('io.search: a Date or a Date label as the rendered result', async () => {
    const { tx } = await start(`export default async (io) => io.search('When', {
      initialResults: [new Date(2026, 2, 3), 'x'],
      onSearch: async () => [],
      renderResult: (r) => r instanceof Date ? r : { label: new Date(2026, 2, 4), imageUrl: 'https://x.dev/i.png' },
    })`)
    const v = await awaiting(tx)
    const results = (v.prompt!.components[0].props as { initialResults: { label: string; image?: { url: string } }[] }).initialResults
    assert.deepEqual(results.map((r) => [r.label, r.image?.url]), [[day.format(new Date(2026, 2, 3)), undefined], [day.format(new Date(2026, 2, 4)), 'https://x.dev/i.png']])
    tx.cancel()
  })

  it('inputs: datetime parts, an earlier date answer as default, presigned URLs, odd numbers made harmless', async () => {
    const { tx } = await start(`export default async (io) => {
      const d = { year: 2026, month: 1, day: 2, jsDate: new Date(2026, 0, 2) }
      return io.group([
        io.input.datetime('DT', { defaultValue: { year: 2026, month: 5, day: 6, hour: 7, minute: 8 } }),
        io.input.date('D', { defaultValue: d }),
        io.input.file('F', { generatePresignedUrls: async () => ({ uploadUrl: 'u', downloadUrl: 'd' }) }),
        io.input.text('T', { multiline: true, lines: 2.5 }),
        io.input.slider('S', { min: 0, max: 10, step: 0 }),
        io.input.url('U', { allowedProtocols: [] }),
        io.input.number('N', { decimals: 150 }),
      ])
    }`)
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components.map((c) => c.props), [
      { defaultValue: new Date(2026, 4, 6, 7, 8).toISOString() },
      { defaultValue: { year: 2026, month: 1, day: 2 } },
      {},
      { multiline: true, lines: 3 },
      { min: 0, max: 10 },
      { allowedProtocols: ['http', 'https'] },
      { decimals: 150 },
    ])
    tx.cancel()
  })

  it('tables and grids: any page size and column width, `title` as a grid label', async () => {
    const { tx } = await start(`export default async (io) => {
      await io.display.table('T', { data: [{ a: 1 }], defaultPageSize: 2.5 })
      await io.display.grid('G', { data: [{ t: 'Card' }], renderItem: (r) => ({ title: r.t }), idealColumnWidth: -1, defaultPageSize: 0 })
      await io.input.boolean('ok')
    }`)
    const v = await awaiting(tx)
    const [table, grid] = v.feed.map((c) => c.props as Record<string, unknown>)
    assert.equal(table!.defaultPageSize, 3)
    assert.equal(grid!.defaultPageSize, undefined)
    assert.equal(grid!.idealColumnWidth, undefined)
    const sent = tx.tableData().find((m) => m.dataId === grid!.dataId) as { json?: string }
    assert.deepEqual(JSON.parse(sent.json!).items.map((i: { label?: string }) => i.label), ['Card'])
    tx.cancel()
  })

  it('io.display.metadata: links, params and images may be promises or functions too', async () => {
    const { tx } = await start(`export default async (io) => {
      await io.display.metadata('M', { data: [
        { label: 'Docs', value: 'read', url: async () => 'https://x.dev' },
        { label: 'Edit', route: Promise.resolve('users/edit'), params: () => ({ id: 7 }) },
      ] })
      await io.input.boolean('ok')
    }`)
    const v = await until(tx, (x) => x.status === 'awaiting' && (x.feed[0]?.props.data as { pending?: boolean }[]).every((d) => !d.pending))
    assert.deepEqual(v.feed[0].props.data, [
      { label: 'Docs', value: 'read', url: 'https://x.dev' },
      { label: 'Edit', route: 'users/edit', params: { id: 7 } },
    ])
    tx.cancel()
  })

  it('a number with many decimals is still checked', async () => {
    const r = await answerAll(`export default async (io) => io.input.number('N', { decimals: 150 })`, [[1.25]])
    assert.equal(r.record.result, 1.25)
  })
})
