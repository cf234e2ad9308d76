// The History detail of a finished transaction, and the live panel's end
// states: answers as a person reads them, displays drawn read-only, progress,
// log, result table, clickable stack frames, how it ended, and the buttons.
import assert from 'node:assert/strict'
import { c, display as d, historyEntry, state } from './fixtures.mjs'
import { eventually, textOf } from './util.mjs'

const RICH = '<p>Please refund <strong>both</strong> charges.</p><ul><li>ch_1</li></ul><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
const answers = [
  [c.date('Refund date'), { year: 2026, month: 12, day: 15 }],
  [c.time('Call back at'), { hour: 14, minute: 5 }],
  [c.datetime('Deadline'), '2026-03-04T15:45:00.000Z'],
  [c.richText('Note to finance'), RICH],
  [c.file('Receipt'), { name: 'receipt.pdf', type: 'application/pdf', size: 123_456, lastModified: 1_700_000_000_000, blob: 'ab12' }],
  [c.file('Attachments', {}, true), [{ name: 'a.csv', type: 'text/csv', size: 900, lastModified: 1, blob: 'c1' }, { name: 'b.png', type: 'image/png', size: 2_500_000, lastModified: 1, blob: 'c2' }]],
  [c.single('Reason', ['Duplicate', 'Fraudulent', 'Requested by customer']), 2],
  [c.multiple('Notify', ['Customer', 'Finance', 'Support']), [0, 2]],
  [c.boolean('Refund shipping'), false],
  [c.confirm('Really refund?'), true],
  [c.number('Amount', { currency: 'USD' }), 1234.5],
  [{ ...c.text('Card number', { sensitive: true }) }, '••••••'],
  [c.search('Customer', { initialResults: [{ key: 'cus_1', label: 'Ada Lovelace' }] }), 'cus_1'],
  [c.text('Nickname', {}, true), null],
]

const STACK = [
  'RefundError: Charge ch_3 was already refunded',
  '    at refundCharge (/home/ada/project/actions/refund_user.action.ts:12:11)',
  '    at async Promise.all (index 0)',
  '    at handler (file:///home/ada/project/actions/lib/stripe%20client.ts:40:3)',
  '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
  '    at run (/home/ada/.vscode/extensions/mini-interval/dist/worker.js:1:2048)',
  '    at relative (refund_user.action.ts:30:7)',
].join('\n')

const entry = (over = {}) => ({
  type: 'history',
  entry: {
    ...historyEntry.entry,
    id: 'tx-detail',
    status: 'completed',
    problems: undefined,
    error: undefined,
    params: { source: 'dashboard', since: '2026-01-01T09:00:00.000Z' },
    steps: [
      { seq: 0, components: [d.heading('Customer ada@example.com', { description: 'Three charges in 30 days' }), d.metadata('Account', [{ label: 'Balance', value: 1234.5 }, { label: 'Verified', value: true }], 'grid')] },
      { seq: 1, components: answers.map(([comp]) => comp), values: answers.map(([, v]) => v) },
      { seq: 2, components: [d.code('Request', 'POST /v1/refunds', 'http'), { method: 'DISPLAY_TABLE', label: 'Charges', props: { dataId: 't9', columns: [{ label: 'Charge' }], rowCount: 3, isSortable: true, isFilterable: true } }], values: [null, null] },
    ],
    logs: ['Looking up ada@example.com', 'Refunded ch_1', 'Refunded ch_2'],
    logsOmitted: 1234,
    progress: [
      { label: 'Refunding charges', itemsInQueue: 10, itemsCompleted: 0, at: '2025-05-01T10:00:01.000Z' },
      { label: 'Refunding charges', description: 'ch_3 is slow', itemsInQueue: 10, itemsCompleted: 3, at: '2025-05-01T10:00:03.500Z' },
    ],
    result: [
      { charge: 'ch_1', amount: 10, refunded: true, at: '2026-01-02T10:00:00.000Z' },
      { charge: 'ch_2', amount: 32.5, refunded: true, at: '2026-01-03T10:00:00.000Z' },
      { charge: 'ch_10', amount: 7, refunded: false, meta: { by: 'Ada' } },
    ],
    ...over,
  },
})

const failed = (over = {}) => entry({ status: 'failed', result: undefined, error: { name: 'RefundError', message: 'Charge ch_3 was already refunded', cause: 'StripeError: HTTP 409 Conflict\n← SocketError: reset by peer', stack: STACK }, ...over })
const canceled = () => entry({ status: 'canceled', result: undefined, endedAt: '2025-05-01T10:00:09.000Z', end: { canceledBy: 'Grace Hopper' } })
const redirectedUrl = () => entry({ status: 'redirected', result: undefined, end: { redirect: { url: 'https://dashboard.stripe.com/refunds' } } })
const redirectedRoute = () => entry({ status: 'redirected', result: undefined, end: { redirect: { route: 'refund_report', params: { customer: 'cus_1', count: 2 } } } })

/** What the page's own Intl makes of a value, so the test holds in any locale. */
const inPage = (w, fn, arg) => w.page.evaluate(fn, arg)

export function register(test, shot) {
  test('history detail: every answer type reads as a person reads it, never raw JSON', async (w) => {
    await w.send(entry())
    const rows = w.page.getByTestId('answer')
    await rows.first().waitFor()
    const answer = async (label) => {
      const texts = await rows.evaluateAll((els) => els.map((e) => e.textContent ?? ''))
      const i = texts.findIndex((t) => t.trim().startsWith(label))
      assert.ok(i >= 0, `no answer row for ${label}`)
      return textOf(rows.nth(i).locator('.a'))
    }
    const date = await inPage(w, () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2026, 11, 15)))
    const time = await inPage(w, () => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(2000, 0, 1, 14, 5)))
    const dt = await inPage(w, () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-04T15:45:00.000Z')))
    const usd = await inPage(w, () => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(1234.5))
    assert.equal(await answer('Refund date'), date)
    assert.equal(await answer('Call back at'), time)
    assert.equal(await answer('Deadline'), dt)
    assert.match(await answer('Receipt'), /^receipt\.pdf \(121 KB\)$/)
    assert.match(await answer('Attachments'), /a\.csv \(900 bytes\) b\.png \(2\.4 MB\)/)
    assert.equal(await answer('Reason'), 'Requested by customer')
    assert.equal(await answer('Notify'), 'Customer Support')
    assert.equal(await answer('Refund shipping'), 'No')
    assert.equal(await answer('Really refund?'), 'Yes')
    assert.equal(await answer('Amount'), usd)
    assert.equal(await answer('Card number'), '••••••')
    assert.equal(await answer('Customer'), 'Ada Lovelace')
    assert.equal(await answer('Nickname'), 'Left empty')
    // Rich text is rendered through the allowlist: bold and the list survive, the image and script do not.
    const rich = rows.filter({ hasText: 'Note to finance' }).locator('io-display-html')
    assert.equal(await rich.locator('strong').textContent(), 'both')
    assert.equal(await rich.locator('li').textContent(), 'ch_1')
    assert.equal(await rich.locator('img, script').count(), 0)
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
    const all = await textOf(w.page.locator('mi-app'))
    for (const raw of ['{"', '"year"', '"hour"', 'blob', 'ab12', '<strong>']) assert.ok(!all.includes(raw), `raw value shown: ${raw}`)
    // Params read the same way: the ISO timestamp as a local date and time.
    const since = await inPage(w, () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-01-01T09:00:00.000Z')))
    assert.match(await textOf(w.page.getByTestId('meta')), new RegExp(`since ${since.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  })

  test('history detail: displays drawn read-only, progress milestones, log with lines not kept', async (w) => {
    await w.send(entry())
    await w.page.getByTestId('progress').waitFor()
    const steps = w.page.getByTestId('step')
    assert.equal(await steps.count(), 3)
    assert.equal(await steps.nth(0).locator('io-display-heading').getByRole('heading', { name: 'Customer ada@example.com' }).count(), 1)
    assert.match(await textOf(steps.nth(0).locator('io-display-metadata')), /Balance\s*1,234\.5/)
    assert.match(await textOf(steps.nth(2).locator('io-display-code')), /POST \/v1\/refunds/)
    // Display tables' rows are not in the log: named, not a table waiting forever for rows.
    assert.match(await textOf(steps.nth(2)), /Charges 3 rows were shown; history does not keep the rows of displayed tables\./)
    assert.equal(await steps.nth(2).locator('io-table').count(), 0)
    const progress = await textOf(w.page.getByTestId('progress'))
    for (const part of ['+1.0 s', 'Refunding charges', '0 of 10 done', '+3.5 s', '3 of 10 done', 'ch_3 is slow']) assert.ok(progress.includes(part), part)
    assert.equal(await w.page.getByTestId('logs').textContent(), 'Looking up ada@example.com\nRefunded ch_1\nRefunded ch_2')
    assert.equal(await w.page.getByTestId('logs-omitted').textContent(), '1,234 more lines not kept')
  })

  test('history detail: Re-run, Export JSON, Export CSV and Delete post their messages', async (w) => {
    await w.send(entry())
    await w.page.getByTestId('rerun').click()
    assert.deepEqual(await w.waitForPosted('rerun'), { type: 'rerun' })
    await w.page.getByTestId('export-json').click()
    await eventually(async () => assert.deepEqual((await w.posted()).at(-1), { type: 'export', format: 'json' }))
    await w.page.getByTestId('export-csv').click()
    await eventually(async () => assert.deepEqual((await w.posted()).at(-1), { type: 'export', format: 'csv' }))
    // Keyboard too: Tab to Delete and press Enter (the host asks for confirmation).
    await w.page.getByTestId('delete').focus()
    await w.page.keyboard.press('Enter')
    assert.deepEqual(await w.waitForPosted('delete'), { type: 'delete' })
    assert.equal((await w.posted()).filter((m) => m.type === 'delete').length, 1)
  })

  test('history detail: an array result is the read-only io-table, sortable and searchable', async (w) => {
    await w.send(entry())
    const table = w.page.getByTestId('result').locator('io-table')
    await table.getByTestId('table-row').first().waitFor()
    assert.deepEqual((await table.getByRole('columnheader').allTextContents()).map((t) => t.trim()), ['charge', 'amount', 'refunded', 'at', 'meta'])
    assert.equal(await table.getByTestId('table-count').textContent(), '3 rows')
    assert.equal(await table.locator('[role=grid]').getAttribute('aria-label'), 'Result')
    assert.equal(await table.locator('[aria-multiselectable]').count(), 0)
    const day = await inPage(w, () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date('2026-01-02T10:00:00.000Z')))
    assert.ok((await textOf(table)).includes(day), 'ISO timestamps are dates')
    assert.ok((await textOf(table)).includes('by: Ada'), 'nested objects are key: value text')
    const firstCells = async () => (await table.getByTestId('table-row').evaluateAll((rows) => rows.map((r) => r.querySelector('[role=gridcell]')?.textContent?.trim())))
    // Natural sort on the charge column: ch_1, ch_2, ch_10; descending reverses it.
    await table.getByTestId('sort-0').click()
    await table.getByTestId('sort-0').click()
    await eventually(async () => assert.deepEqual(await firstCells(), ['ch_10', 'ch_2', 'ch_1']))
    await table.getByTestId('table-search').fill('ch_2')
    await eventually(async () => assert.deepEqual(await firstCells(), ['ch_2']))
  })

  test('error: frames in the person\'s files are buttons posting openSource; others stay text', async (w) => {
    await w.send(failed())
    const error = w.page.getByTestId('error')
    await error.waitFor()
    const frames = error.getByTestId('stack-link')
    assert.deepEqual(await frames.allTextContents(), [
      '/home/ada/project/actions/refund_user.action.ts:12:11',
      'file:///home/ada/project/actions/lib/stripe%20client.ts:40:3',
    ])
    assert.equal(await frames.first().getAttribute('aria-label'), 'Open refund_user.action.ts at line 12, column 11')
    // The whole stack still reads as text, node: and the bundled worker included.
    const text = await textOf(error)
    for (const part of ['node:internal/process/task_queues:95:5', 'dist/worker.js:1:2048', 'refund_user.action.ts:30:7', 'SocketError: reset by peer']) assert.ok(text.includes(part), part)
    assert.match(await error.getByTestId('error-cause').innerText(), /HTTP 409 Conflict\n← SocketError/)
    await frames.first().click()
    assert.deepEqual(await w.waitForPosted('openSource'), { type: 'openSource', file: '/home/ada/project/actions/refund_user.action.ts', line: 12, column: 11 })
    // Keyboard: focus the second frame and press Enter; the file URL arrives as a path.
    await frames.nth(1).focus()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.deepEqual((await w.posted()).at(-1), { type: 'openSource', file: '/home/ada/project/actions/lib/stripe client.ts', line: 40, column: 3 }))
    // The live panel's error is the same.
    await w.send(state({ status: 'failed', error: failed().entry.error }))
    await eventually(async () => assert.equal(await w.page.getByRole('button', { name: 'Cancel transaction' }).count(), 0))
    await w.page.getByTestId('stack-link').first().click()
    await eventually(async () => assert.equal((await w.posted()).filter((m) => m.type === 'openSource').length, 3))
  })

  test('canceled says when and by whom; redirected says where (URL or action with params), live and in history', async (w) => {
    await w.send(canceled())
    const ending = w.page.getByTestId('ending')
    const said = async () => (await ending.innerText()).replace(/\s+/g, ' ').trim()
    await ending.waitFor()
    const at = await inPage(w, () => new Date('2025-05-01T10:00:09.000Z').toLocaleString())
    assert.equal(await said(), `Canceled by Grace Hopper at ${at}.`)
    await w.send(redirectedUrl())
    await eventually(async () => assert.match(await said(), /^Redirected to https:\/\/dashboard\.stripe\.com\/refunds at /))
    await ending.getByRole('link', { name: 'https://dashboard.stripe.com/refunds' }).click()
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', url: 'https://dashboard.stripe.com/refunds' })
    await w.send(redirectedRoute())
    await eventually(async () => assert.match(await said(), /^Redirected to the action refund_report at .*, with: customer cus_1 count 2$/))
    // The live panel, once finished, says the same.
    await w.send(state({ status: 'canceled', endedAt: '2025-05-01T10:00:09.000Z', end: { canceledBy: 'Grace Hopper' } }))
    await eventually(async () => assert.equal(await said(), `Canceled by Grace Hopper at ${at}.`))
    await w.send(state({ status: 'redirected', end: { redirect: { route: 'refund_report', params: { customer: 'cus_1' } } } }))
    await eventually(async () => assert.match(await said(), /^Redirected to the action refund_report, with: customer cus_1$/))
    await w.send(state({ status: 'canceled' }))
    await eventually(async () => assert.equal(await said(), 'Canceled.'))
  })

  test('an Interval page is a read-only screen: no status or "nothing to show" once drawn, and Refresh asks for it again', async (w) => {
    const page = (over) => state({ status: 'completed', endedAt: '2025-05-01T10:00:01.000Z', logs: [], ...over, action: { slug: 'orders', name: 'Orders', page: true } })
    await w.send(page({}))
    await w.page.getByTestId('refresh-page').waitFor()
    assert.equal(await w.page.getByTestId('status').count(), 0, 'no status badge')
    assert.equal(await w.page.getByText('Completed with nothing to show').count(), 0)
    await w.page.getByRole('button', { name: 'Refresh' }).click()
    assert.deepEqual(await w.waitForPosted('rerun'), { type: 'rerun' })
    // While it draws it is running like any transaction, and a failed page says so.
    await w.send(page({ status: 'running', endedAt: undefined }))
    await eventually(async () => assert.equal(await w.page.getByTestId('refresh-page').count(), 0))
    await w.send(page({ status: 'failed', error: { name: 'Error', message: 'no orders table' } }))
    await eventually(async () => assert.match(await w.page.getByTestId('status').innerText(), /Failed/))
  })

  test('live log: 10,000 lines are one text node, drawn fast, and the box follows new lines while running', async (w) => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}: processed order ${i * 7}`)
    const start = Date.now()
    await w.send(state({ status: 'running', logs: lines }))
    const logs = w.page.getByTestId('logs')
    await eventually(async () => assert.equal((await logs.textContent()).split('\n').length, 10_000))
    assert.ok(Date.now() - start < 3000, `took ${Date.now() - start} ms`)
    assert.equal(await logs.evaluate((pre) => pre.childNodes.length <= 3 && [...pre.childNodes].filter((n) => n.nodeType === 3 && n.data.length > 0).length), 1)
    const atBottom = () => logs.evaluate((pre) => pre.scrollHeight - pre.scrollTop - pre.clientHeight < 8)
    await eventually(async () => assert.equal(await atBottom(), true))
    // A new line while at the bottom: still at the bottom. Scrolled up to read: left there.
    await w.send(state({ status: 'running', logs: [...lines, 'one more'] }))
    await eventually(async () => assert.match(await logs.textContent(), /one more$/))
    await eventually(async () => assert.equal(await atBottom(), true))
    await logs.evaluate((pre) => { pre.scrollTop = 100; pre.dispatchEvent(new Event('scroll')) })
    await w.send(state({ status: 'running', logs: [...lines, 'one more', 'and another'] }))
    await eventually(async () => assert.match(await logs.textContent(), /and another$/))
    assert.equal(await logs.evaluate((pre) => pre.scrollTop), 100)
    // The panel itself stays short: the log box scrolls, the page does not grow by 10,000 lines.
    assert.ok(await w.page.evaluate(() => document.documentElement.scrollHeight) < 1200)
  })

  test('history detail: a scheduled run says when it was due, one opened from an Inbox says so, one run by hand says nothing', async (w) => {
    const due = '2026-12-07T09:00:00.000Z'
    await w.send(entry({ trigger: { kind: 'schedule', schedule: 'sched-1', scheduledFor: due } }))
    const trigger = w.page.getByTestId('trigger')
    await trigger.waitFor()
    const when = await inPage(w, (iso) => {
      const d = new Date(iso)
      return `${new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(d)} (${new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' }).format(d)})`
    }, due)
    assert.equal(await textOf(trigger), `Ran on its schedule for ${when}`)
    assert.equal(await trigger.locator('time').getAttribute('datetime'), due)
    // A fact of the header like the others: its term in the same list, in the same colours.
    const meta = w.page.getByTestId('meta')
    assert.match(await textOf(meta), /Trigger\s*Ran on its schedule/)
    const colour = (sel) => meta.locator(sel).first().evaluate((e) => getComputedStyle(e).color)
    assert.equal(await trigger.evaluate((e) => getComputedStyle(e).color), await colour('dd'))
    assert.equal(await meta.locator('dt', { hasText: 'Trigger' }).evaluate((e) => getComputedStyle(e).color), await colour('dt'))

    await w.send(entry({ id: 'tx-queued', trigger: { kind: 'queue', item: 'q-1' } }))
    await eventually(async () => assert.equal(await textOf(w.page.getByTestId('trigger')), 'Opened from an Inbox'))
    // Escaped as text, whatever the item or schedule id holds.
    await w.send(entry({ id: 'tx-odd', trigger: { kind: 'schedule', schedule: '<img src=x onerror="window.__pwned=3">', scheduledFor: '<b>soon</b>' } }))
    await eventually(async () => assert.equal(await textOf(w.page.getByTestId('trigger')), 'Ran on its schedule for <b>soon</b>'))
    assert.equal(await w.page.locator('mi-app b, mi-app img').count(), 0)
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)

    await w.send(entry({ id: 'tx-by-hand' }))
    await eventually(async () => assert.equal(await w.page.getByTestId('trigger').count(), 0))
    assert.doesNotMatch(await textOf(w.page.getByTestId('meta')), /Trigger/)
  })

  shot('history-scheduled', async (w) => {
    await w.send(entry({ trigger: { kind: 'schedule', schedule: 'sched-1', scheduledFor: '2026-12-07T09:00:00.000Z' } }))
    await w.page.getByTestId('trigger').waitFor()
  })
  shot('history-detail', async (w) => {
    await w.send(entry())
    await w.page.getByTestId('result').locator('io-table').getByTestId('table-row').first().waitFor()
  })
  shot('history-failed', async (w) => {
    await w.send(failed({ steps: [entry().entry.steps[0]], progress: undefined, logsOmitted: undefined }))
    await w.page.getByTestId('stack-link').first().waitFor()
  })
  shot('history-canceled', async (w) => {
    await w.send(canceled())
    await w.page.getByTestId('ending').waitFor()
  })
  shot('live-redirected', async (w) => {
    await w.send(state({ status: 'redirected', endedAt: '2025-05-01T10:00:02.000Z', end: { redirect: { route: 'refund_report', params: { customer: 'cus_1', count: 2 } } }, logs: ['Redirecting to the report'] }))
    await w.page.getByTestId('ending').waitFor()
  })
}
