// Host side of every io method: props checked, wire props as the webview gets
// them, answers shaped into the documented return values.
import { strict as assert } from 'node:assert'
import { IdentityGate } from '../../src/core/runtime/identity'
import { answerAll, awaiting, poll, start, until } from './helpers'

/** One call: the action returns a JSON view of what the call resolved to. */
const one = (call: string, show = 'v') => `export default async (io) => { const v = await ${call}; return ${show} }`

describe('io methods: props, wire form and return values', function () {
  this.timeout(30_000)

  it('io.input.slider: needs min and max, answers within range on the step grid', async () => {
    const bad = await answerAll(one(`io.input.slider('s', { min: 0 })`), [])
    assert.match(bad.record.error!.message, /^io\.input\.slider: invalid prop "max"/)
    const { tx } = await start(one(`io.input.slider('s', { min: 0, max: 10, step: 2.5 })`))
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components[0].props, { min: 0, max: 10, step: 2.5 })
    tx.submit(v.prompt!.seq, [3])
    assert.match((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0]!, /multiple of 2\.5/)
    tx.submit(v.prompt!.seq, [7.5])
    assert.equal((await tx.finished).result, 7.5)
  })

  it('io.input.richText resolves to the HTML string', async () => {
    const r = await answerAll(one(`io.input.richText('Notes', { defaultValue: '<p>x</p>' })`), [['<p><strong>Hi</strong></p>']])
    assert.equal(r.record.result, '<p><strong>Hi</strong></p>')
  })

  it('io.input.url resolves to a URL and enforces allowedProtocols', async () => {
    const { tx } = await start(one(`io.input.url('Site', { allowedProtocols: ['https'] })`, `({ href: v.href, isUrl: v instanceof URL })`))
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components[0].props.allowedProtocols, ['https'])
    tx.submit(v.prompt!.seq, ['http://example.com'])
    assert.match((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0]!, /https:\/\//)
    tx.submit(v.prompt!.seq, ['https://example.com/a'])
    assert.deepEqual((await tx.finished).result, { href: 'https://example.com/a', isUrl: true })
  })

  it('io.input.date takes Date or parts, enforces min/max, resolves with jsDate', async () => {
    const { tx } = await start(one(`io.input.date('Day', { min: new Date(2026, 0, 10), max: { year: 2026, month: 12, day: 31 } })`, `({ ...v, js: v.jsDate.getDate() })`))
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components[0].props, { min: { year: 2026, month: 1, day: 10 }, max: { year: 2026, month: 12, day: 31 } })
    tx.submit(v.prompt!.seq, [{ year: 2026, month: 1, day: 9 }])
    assert.match((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0]!, /2026-01-10 or later/)
    tx.submit(v.prompt!.seq, [{ year: 2026, month: 2, day: 30 }])
    assert.match((await until(tx, (x) => x.prompt?.errors?.[0] === 'Enter a valid date.')).prompt!.errors![0]!, /valid date/)
    tx.submit(v.prompt!.seq, [{ year: 2026, month: 3, day: 4 }])
    assert.deepEqual((await tx.finished).result, { year: 2026, month: 3, day: 4, jsDate: new Date(2026, 2, 4).toISOString(), js: 4 })
  })

  it('io.input.time and io.input.datetime', async () => {
    const t = await answerAll(one(`io.input.time('At', { min: { hour: 9, minute: 0 } })`), [[{ hour: 8, minute: 0 }], [{ hour: 9, minute: 30 }]])
    assert.deepEqual(t.record.result, { hour: 9, minute: 30 })
    const d = await answerAll(one(`io.input.datetime('When', { defaultValue: new Date('2026-05-01T10:00:00Z') })`, `({ iso: v.toISOString(), isDate: v instanceof Date })`), [['2026-05-02T08:30:00.000Z']])
    assert.deepEqual(d.record.result, { iso: '2026-05-02T08:30:00.000Z', isDate: true })
  })

  it('io.input.file: allowedExtensions; the value reads as text, json, buffer and url; .multiple()', async () => {
    const file = (name: string, text: string) => ({ name, type: 'application/json', size: text.length, lastModified: 0, data: Buffer.from(text).toString('base64') })
    const r = await answerAll(
      one(`io.input.file('Upload', { allowedExtensions: ['.json'] })`, `({ name: v.name, ext: v.extension, text: await v.text(), json: await v.json(), len: (await v.buffer()).length, url: (await v.url()).slice(0, 29) })`),
      [[file('a.csv', '{}')], [file('a.json', '{"n":1}')]],
    )
    assert.deepEqual(r.record.result, { name: 'a.json', ext: '.json', text: '{"n":1}', json: { n: 1 }, len: 7, url: 'data:application/json;base64,' })
    const m = await answerAll(one(`io.input.file('Many').multiple()`, `await Promise.all(v.map((f) => f.text()))`), [[[file('a.txt', 'A'), file('b.txt', 'B')]]])
    assert.deepEqual(m.record.result, ['A', 'B'])
  })

  it('io.select.single: indexes on the wire, the very option object back', async () => {
    const { tx } = await start(`export default async (io) => {
      const options = [{ label: 'Ada', value: 1, description: 'first', extra: { deep: true } }, { label: 'Grace', value: 2 }]
      const v = await io.select.single('Who', { options, defaultValue: 2, searchable: true })
      return { same: v === options[0], v }
    }`)
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components[0].props, { options: [{ label: 'Ada', description: 'first' }, { label: 'Grace' }], defaultValue: 1, searchable: true })
    tx.submit(v.prompt!.seq, [5])
    await until(tx, (x) => !!x.prompt?.errors)
    tx.submit(v.prompt!.seq, [0])
    assert.deepEqual((await tx.finished).result, { same: true, v: { label: 'Ada', value: 1, description: 'first', extra: { deep: true } } })
  })

  it('io.select.multiple: primitives, defaults, min and max selections', async () => {
    const { tx } = await start(one(`io.select.multiple('Tags', { options: ['a', 'b', 'c'], defaultValue: ['c'], minSelections: 1, maxSelections: 2 })`))
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components[0].props.defaultValue, [2])
    tx.submit(v.prompt!.seq, [[]])
    assert.equal((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0], 'Choose at least 1.')
    tx.submit(v.prompt!.seq, [[0, 1, 2]])
    assert.equal((await until(tx, (x) => x.prompt?.errors?.[0] === 'Choose at most 2.')).prompt!.errors![0], 'Choose at most 2.')
    tx.submit(v.prompt!.seq, [[0, 2]])
    assert.deepEqual((await tx.finished).result, ['a', 'c'])
  })

  it('io.search: onSearch answers queries with rendered results; the answer maps back to the result object', async () => {
    const { tx } = await start(`export default async (io) => {
      const people = [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }, { id: 3, name: 'Alan' }]
      return io.search('Person', {
        initialResults: people.slice(0, 1),
        onSearch: async (q) => people.filter((p) => p.name.toLowerCase().startsWith(q.toLowerCase())),
        renderResult: (p) => ({ label: p.name, description: '#' + p.id }),
      })
    }`)
    const v = await awaiting(tx)
    const props = v.prompt!.components[0].props as { initialResults: { key: string; label: string }[] }
    assert.deepEqual(props.initialResults.map((r) => r.label), ['Ada'])
    const got: unknown[] = []
    tx.onPanelMessage((r) => got.push(r))
    tx.search(v.prompt!.seq, 0, 7, 'a')
    await poll(() => got.length > 0)
    const r = got[0] as { requestId: number; results: { key: string; label: string; description: string }[] }
    assert.equal(r.requestId, 7)
    assert.deepEqual(r.results.map((x) => `${x.label} ${x.description}`), ['Ada #1', 'Alan #3'])
    tx.submit(v.prompt!.seq, ['r999'])
    assert.equal((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors![0], 'Choose a result from the list.')
    tx.submit(v.prompt!.seq, [r.results[1].key])
    assert.deepEqual((await tx.finished).result, { id: 3, name: 'Alan' })
  })

  it('io.search: an onSearch that throws shows an error instead of results, and the action goes on', async () => {
    const { tx } = await start(one(`io.search('X', { onSearch: async () => { throw new Error('db down') }, renderResult: (r) => r })`))
    const v = await awaiting(tx)
    const got: { error?: string }[] = []
    tx.onPanelMessage((r) => got.push(r as { error?: string }))
    tx.search(v.prompt!.seq, 0, 1, 'q')
    await poll(() => got.length > 0)
    assert.equal(got[0].error, 'db down')
    assert.equal(tx.status, 'awaiting')
    tx.cancel()
  })

  it('io.confirmIdentity is answered by the host only', async () => {
    const { tx } = await start(one(`io.confirmIdentity('Delete everything', { gracePeriodMs: 1000 })`))
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, [true])
    assert.equal(tx.status, 'awaiting', 'the panel cannot answer it')
    tx.confirmIdentity(v.prompt!.seq, true)
    assert.equal((await tx.finished).result, true)
  })

  it('displays: heading menus, links to routes, Buffers as data URLs, object data made JSON-safe', async () => {
    const { tx } = await start(`export default async (io) => {
      await io.display.heading('Title', { level: 3, menuItems: [{ label: 'Edit', action: 'users/edit', params: { id: 1 } }, { label: 'Docs', url: 'https://x.dev' }] })
      await io.display.link('Go', { route: 'billing/refund', params: { email: 'a@b.co' } })
      await io.display.image('Pixel', { buffer: Buffer.from('89504e470d0a1a0a', 'hex'), alt: 'dot', size: 'small' })
      await io.display.object('Obj', { data: { when: new Date(0), big: 10n, nested: [1, { u: undefined }] } })
      await io.display.code('Code', { code: 'let x = 1', language: 'ts' })
      await io.display.html('H', { html: '<b>hi</b>' })
      await io.input.boolean('done?')
    }`)
    const v = await awaiting(tx)
    assert.deepEqual(v.feed.map((c) => c.props), [
      { level: 3, menuItems: [{ label: 'Edit', route: 'users/edit', params: { id: 1 } }, { label: 'Docs', url: 'https://x.dev' }] },
      { route: 'billing/refund', params: { email: 'a@b.co' } },
      { alt: 'dot', size: 'small', url: 'data:image/png;base64,iVBORw0KGgo=' },
      { data: { when: '1970-01-01T00:00:00.000Z', big: '10', nested: [1, {}] } },
      { code: 'let x = 1', language: 'ts' },
      { html: '<b>hi</b>' },
    ])
    tx.cancel()
  })

  it('a display link needs a url or a route; an image needs a url or a buffer', async () => {
    assert.match((await answerAll(one(`io.display.link('Nowhere', {})`), [])).record.error!.message, /give a "url" or a "route"/)
    assert.match((await answerAll(one(`io.display.image('None', {})`), [])).record.error!.message, /give a "url" or a "buffer"/)
  })

  it('io.display.metadata shows promise and function values as pending, then updates them', async () => {
    const { tx, history } = await start(`export default async (io) => {
      let done
      const later = new Promise((r) => (done = r))
      await io.display.metadata('Account', { layout: 'card', data: [
        { label: 'Plan', value: 'Pro' },
        { label: 'Balance', value: later },
        { label: 'Seats', value: () => 3 },
        { label: 'Broken', value: async () => { throw new Error('no access') } },
      ] })
      setTimeout(() => done(42), 50)
      await io.input.boolean('ok?')
    }`)
    const v = await until(tx, (x) => x.status === 'awaiting' && (x.feed[0]?.props.data as { pending?: boolean }[]).every((d) => !d.pending))
    assert.deepEqual(v.feed[0].props, { layout: 'card', data: [
      { label: 'Plan', value: 'Pro' }, { label: 'Balance', value: 42 }, { label: 'Seats', value: 3 }, { label: 'Broken', error: 'no access' },
    ] })
    tx.cancel()
    assert.deepEqual((history.read(tx.id).feed[0].props.data as { value?: unknown }[])[1], { label: 'Balance', value: 42 }, 'updates are in the log')
  })

  it('modifiers are refused where the spec does not allow them', async () => {
    for (const [call, message] of [
      [`io.display.markdown('x').optional()`, /cannot be optional/],
      [`io.confirm('x').optional()`, /cannot be optional/],
      [`io.input.text('x').multiple()`, /has no \.multiple\(\)/],
      [`io.display.markdown('x').validate(() => {})`, /cannot be validated/],
      [`io.confirm('x').withChoices(['a'])`, /cannot take choices/],
    ] as const) {
      const r = await answerAll(one(call), [])
      assert.match(r.record.error!.message, message, call)
    }
  })
})

describe('io: validation, choices and groups', function () {
  this.timeout(30_000)

  it('.validate() (sync and async) refuses a value next to its field and keeps what was typed', async () => {
    const { tx, history } = await start(one(`io.input.text('Code').validate((v) => v.length !== 4 ? 'Four characters' : undefined).validate(async (v) => v === 'NOPE' ? 'Not that one' : null)`))
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, ['abc'])
    let w = await until(tx, (x) => !!x.prompt?.errors)
    assert.deepEqual([w.prompt!.errors, w.prompt!.values], [['Four characters'], ['abc']])
    tx.submit(v.prompt!.seq, ['NOPE'])
    w = await until(tx, (x) => x.prompt?.errors?.[0] === 'Not that one')
    tx.submit(v.prompt!.seq, ['GOOD'])
    assert.equal((await tx.finished).result, 'GOOD')
    const steps = history.read(tx.id).steps
    assert.deepEqual(steps.map((s) => s.values), [['GOOD']], 'only the accepted answer is a step')
  })

  it('.withChoices() resolves to { choice, returnValue }; unknown choices are ignored', async () => {
    const { tx } = await start(one(`io.input.number('Amount').withChoices(['Approve', { label: 'Reject', value: 'no', theme: 'danger' }])`))
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.choices, [{ label: 'Approve', value: 'Approve' }, { label: 'Reject', value: 'no', theme: 'danger' }])
    tx.submit(v.prompt!.seq, [5], 'Maybe')
    tx.submit(v.prompt!.seq, [5])
    assert.equal(tx.status, 'awaiting')
    tx.submit(v.prompt!.seq, [5], 'no')
    assert.deepEqual((await tx.finished).result, { choice: 'no', returnValue: 5 })
  })

  it('a display with choices waits for a button', async () => {
    const r = await answerAll(one(`io.display.markdown('Ship it?').withChoices(['Ship', 'Wait'])`), [{ values: [null], choice: 'Wait' }])
    assert.deepEqual(r.record.result, { choice: 'Wait', returnValue: null })
  })

  it('io.group([...]) is one screen and resolves to a tuple; io.group({...}) to an object', async () => {
    const { tx } = await start(one(`io.group([io.input.text('Name'), io.display.markdown('**note**'), io.input.number('Age').optional()])`))
    const v = await awaiting(tx)
    assert.deepEqual(v.prompt!.components.map((c) => c.method), ['INPUT_TEXT', 'DISPLAY_MARKDOWN', 'INPUT_NUMBER'])
    tx.submit(v.prompt!.seq, ['Ada', null, null])
    assert.deepEqual((await tx.finished).result, ['Ada', null, null])
    const o = await answerAll(one(`io.group({ name: io.input.text('Name'), ok: io.input.boolean('OK') })`), [['Ada', true]])
    assert.deepEqual(o.record.result, { name: 'Ada', ok: true })
  })

  it('group .validate() gives one message for the group; with choices it gets { choice, returnValue }', async () => {
    const src = one(`io.group({ a: io.input.number('A'), b: io.input.number('B') })
      .withChoices([{ label: 'Save', value: 'save' }, 'Discard'])
      .validate(({ choice, returnValue }) => choice === 'save' && returnValue.a > returnValue.b ? 'A must not exceed B' : undefined)`)
    const { tx } = await start(src)
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, [5, 3], 'save')
    const w = await until(tx, (x) => !!x.prompt?.formError)
    assert.equal(w.prompt!.formError, 'A must not exceed B')
    assert.deepEqual(w.prompt!.errors, [null, null])
    assert.deepEqual(w.prompt!.values, [5, 3])
    tx.submit(v.prompt!.seq, [5, 3], 'Discard')
    assert.deepEqual((await tx.finished).result, { choice: 'Discard', returnValue: { a: 5, b: 3 } })
  })

  it('a member validator in a group puts its message next to that field', async () => {
    const { tx } = await start(one(`io.group([io.input.text('A'), io.input.text('B').validate((v) => v === 'x' ? 'not x' : undefined)])`))
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, ['a', 'x'])
    assert.deepEqual((await until(tx, (x) => !!x.prompt?.errors)).prompt!.errors, [null, 'not x'])
    tx.cancel()
  })

  it('exclusive calls and members with their own choices refuse to be grouped', async () => {
    assert.match((await answerAll(one(`io.group([io.input.text('a'), io.confirm('sure?')])`), [])).record.error!.message, /io\.confirm cannot be grouped/)
    assert.match((await answerAll(one(`io.group([io.confirmIdentity('me')])`), [])).record.error!.message, /io\.confirmIdentity cannot be grouped/)
    assert.match((await answerAll(one(`io.group([io.input.text('a').withChoices(['x'])])`), [])).record.error!.message, /has its own choices/)
    assert.match((await answerAll(one(`io.group([await io.input.text('a')])`), [['typed']])).record.error!.message, /must be an io call/)
  })

  it('a validator that throws fails the transaction with its error', async () => {
    const r = await answerAll(one(`io.input.text('x').validate(() => { throw new Error('validator broke') })`), [['v']])
    assert.equal(r.record.status, 'failed')
    assert.equal(r.record.error!.message, 'validator broke')
  })
})

describe('io.confirmIdentity: the host-side gate', () => {
  it('asks, remembers a confirmation for the grace period, and treats a refused dialog as not confirmed', async () => {
    let now = 1000
    const asked: string[] = []
    let answer: boolean | Error = true
    const failures: unknown[] = []
    const gate = new IdentityGate(async (label) => {
      asked.push(label)
      if (answer instanceof Error) throw answer
      return answer
    }, () => now, (e) => failures.push(e))
    assert.equal(await gate.confirm('a', 5000), true)
    now += 4000
    assert.equal(await gate.confirm('b', 5000), true, 'within the grace period: not asked')
    assert.deepEqual(asked, ['a'])
    now += 2000
    answer = false
    assert.equal(await gate.confirm('c', 5000), false, 'grace period over: asked again')
    assert.equal(await gate.confirm('d'), false, 'no grace period: always asked')
    answer = new Error('refused to show dialog in tests')
    assert.equal(await gate.confirm('e', 5000), false)
    assert.deepEqual(asked, ['a', 'c', 'd', 'e'])
    assert.equal(failures.length, 1)
  })
})

describe('io methods: every method refuses bad props, naming the method and the prop', function () {
  this.timeout(60_000)
  const cases: [string, RegExp][] = [
    [`io.input.text('x', { minLength: -1 })`, /io\.input\.text: invalid prop "minLength"/],
    [`io.input.email('x', { defaultValue: 5 })`, /io\.input\.email: invalid prop "defaultValue"/],
    [`io.input.number('x', { currency: 'XYZ' })`, /io\.input\.number: invalid prop "currency"/],
    [`io.input.slider('x', { min: 0, max: 1, step: 'big' })`, /io\.input\.slider: invalid prop "step"/],
    [`io.input.boolean('x', { defaultValue: 'yes' })`, /io\.input\.boolean: invalid prop "defaultValue"/],
    [`io.input.richText('x', { placeholder: 1 })`, /io\.input\.richText: invalid prop "placeholder"/],
    [`io.input.url('x', { allowedProtocols: 'https' })`, /io\.input\.url: invalid prop "allowedProtocols"/],
    [`io.input.date('x', { min: { year: 2026, month: 13, day: 1 } })`, /io\.input\.date: invalid prop "min/],
    [`io.input.time('x', { max: { hour: 25, minute: 0 } })`, /io\.input\.time: invalid prop "max/],
    [`io.input.datetime('x', { min: '2026-01-01' })`, /io\.input\.datetime: invalid prop "min"/],
    [`io.input.file('x', { allowedExtensions: 'csv' })`, /io\.input\.file: invalid prop "allowedExtensions"/],
    [`io.select.single('x', {})`, /io\.select\.single: invalid prop "options"/],
    [`io.select.multiple('x', { options: [], maxSelections: 0 })`, /io\.select\.multiple: invalid prop "maxSelections"/],
    [`io.search('x', { renderResult: (r) => r })`, /io\.search: invalid prop "onSearch"/],
    [`io.confirm('x', { danger: true })`, /io\.confirm: invalid props \("danger"\)/],
    [`io.confirmIdentity('x', { gracePeriodMs: '5s' })`, /io\.confirmIdentity: invalid prop "gracePeriodMs"/],
    [`io.display.heading('x', { level: 5 })`, /io\.display\.heading: invalid prop "level"/],
    [`io.display.markdown('x', { colour: 'red' })`, /io\.display\.markdown: invalid props \("colour"\)/],
    [`io.display.html('x', {})`, /io\.display\.html: invalid prop "html"/],
    [`io.display.code('x', { language: 'ts' })`, /io\.display\.code: invalid prop "code"/],
    [`io.display.link('x', { url: 42 })`, /io\.display\.link: invalid prop "url"/],
    [`io.display.image('x', { size: 'huge' })`, /io\.display\.image: invalid prop "size"/],
    [`io.display.video('x', { loop: 'yes' })`, /io\.display\.video: invalid prop "loop"/],
    [`io.display.object('x', { data: 1, extra: 2 })`, /io\.display\.object: invalid props \("extra"\)/],
    [`io.display.metadata('x', { data: [{ value: 1 }] })`, /io\.display\.metadata: invalid prop "data\.0\.label"/],
    [`io.select.table('x', { data: [{ a: 1 }], maxSelections: 0 })`, /io\.select\.table: invalid prop "maxSelections"/],
    [`io.display.table('x', { data: [], orientation: 'diagonal' })`, /io\.display\.table: invalid prop "orientation"/],
    [`io.display.grid('x', { data: [], renderItem: (r) => r, idealColumnWidth: 'wide' })`, /io\.display\.grid: invalid prop "idealColumnWidth"/],
  ]

  it(`covers all ${cases.length} methods in one action each`, async () => {
    // One transaction per case, a few at a time: each fails on its own call.
    const results = []
    for (let i = 0; i < cases.length; i += 7) results.push(...(await Promise.all(cases.slice(i, i + 7).map(([call]) => answerAll(one(call), [])))))
    results.forEach((r, i) => {
      assert.equal(r.record.status, 'failed', cases[i][0])
      assert.match(r.record.error!.message, cases[i][1], cases[i][0])
    })
  })

  it('io.display.video takes a url or a Buffer (sent as a data: URL)', async () => {
    const { tx } = await start(`export default async (io) => {
      await io.display.video('Clip', { buffer: Buffer.from('000000186674797069736f6d', 'hex'), loop: true, muted: true, size: 'small' })
      await io.input.boolean('ok')
    }`)
    const v = await awaiting(tx)
    assert.deepEqual(v.feed[0].props, { loop: true, muted: true, size: 'small', url: 'data:video/mp4;base64,AAAAGGZ0eXBpc29t' })
    tx.cancel()
  })
})
