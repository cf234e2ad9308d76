// Workflow runs: the live DAG (nodes by level, edges, states, durations,
// attempts), a step's details on click and on the keyboard, a human step's
// Open, the timeline, live pushes that keep the selection and the DOM, the
// input form above the graph, and History's read-only graph.
import assert from 'node:assert/strict'
import { c, historyEntry, state } from './fixtures.mjs'
import { eventually, focusedLabel } from './util.mjs'

const said = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim()
const ago = (ms) => new Date(Date.now() - ms).toISOString()

const step = (id, over = {}) => ({ id, dependsOn: [], level: 0, status: 'pending', attempt: 0, maxAttempts: 1, logs: [], ...over })

/**
 * validate → charge (a human step) and reserve in parallel → ship. Live times
 * are relative to now: running steps' durations run to the page's clock.
 */
const diamond = (over = {}) => [
  step('validate', { action: 'validate_order', status: 'completed', attempt: 1, startedAt: ago(9000), endedAt: ago(7000),
    result: { orderId: 'ord_42', valid: true }, logs: ['checked 3 items'], ...over.validate }),
  step('charge', { action: 'billing/approve-charge', childTx: 'tx-approve-1', dependsOn: ['validate'], level: 1, status: 'running',
    attempt: 1, startedAt: ago(6000), ...over.charge }),
  step('reserve', { action: 'reserve_stock', dependsOn: ['validate'], level: 1, status: 'retrying', attempt: 2, maxAttempts: 4,
    startedAt: ago(6500), logs: ['warehouse timed out', 'retrying in 1 s'],
    error: { name: 'TimeoutError', message: 'warehouse did not answer in 2 s' }, ...over.reserve }),
  step('ship', { action: 'ship_order', dependsOn: ['charge', 'reserve'], level: 2, ...over.ship }),
]

/** reserve fails for good, so ship is skipped (a function: its times are taken when it is sent). */
const failedOver = () => ({
  reserve: { status: 'failed', attempt: 4, endedAt: ago(1000), logs: ['warehouse timed out', 'out of stock'],
    error: { name: 'StockError', message: 'SKU-7 is out of stock', stack: 'StockError: SKU-7 is out of stock\n    at reserve_stock (/work/orders/orders.ts:31:9)' } },
  ship: { status: 'skipped', reason: 'its dependency reserve failed' },
})

const run = (steps, over = {}) => state({
  id: 'tx-wf', action: { slug: 'order-processing', name: 'order-processing' }, status: 'running', startedAt: ago(10_000), workflow: { steps }, ...over,
})

const node = (w, id) => w.page.locator(`[data-testid="wf-node"][data-id="${id}"]`)
const nodeButton = (w, id) => node(w, id).locator('button.wf-main')

const workflowEntry = () => ({
  type: 'history',
  entry: {
    ...historyEntry.entry, id: 'tx-wf-done', action: { slug: 'order-processing', name: 'order-processing', file: 'orders/order-processing.workflow.json' },
    status: 'failed', problems: undefined, logs: [], steps: [historyEntry.entry.steps[1]],
    startedAt: '2025-05-01T10:00:00.000Z', endedAt: '2025-05-01T10:00:12.000Z',
    error: { name: 'WorkflowError', message: 'step reserve failed' },
    workflow: { steps: [
      step('validate', { action: 'validate_order', status: 'completed', attempt: 1, startedAt: '2025-05-01T10:00:00.500Z', endedAt: '2025-05-01T10:00:02.500Z', result: { valid: true } }),
      step('charge', { action: 'billing/approve-charge', childTx: 'tx-approve-1', dependsOn: ['validate'], level: 1, status: 'completed', attempt: 1, startedAt: '2025-05-01T10:00:02.600Z', endedAt: '2025-05-01T10:00:09.000Z', result: { approved: true, by: 'ada@example.com' } }),
      step('reserve', { action: 'reserve_stock', dependsOn: ['validate'], level: 1, status: 'failed', attempt: 3, maxAttempts: 3, startedAt: '2025-05-01T10:00:02.600Z', endedAt: '2025-05-01T10:00:11.000Z', error: { name: 'StockError', message: 'SKU-7 is out of stock' } }),
      step('ship', { action: 'ship_order', dependsOn: ['charge', 'reserve'], level: 2, status: 'skipped', reason: 'its dependency reserve failed' }),
    ] },
  },
})

export function register(test, shot) {
  test('workflow: a diamond is drawn by level, with its edges, states, durations and attempts', async (w) => {
    await w.send(run(diamond(), { step: { name: 'reserve', attempt: 2 } }))
    const graph = w.page.getByTestId('workflow-graph')
    await graph.waitFor()
    assert.equal(await w.page.getByTestId('wf-node').count(), 4)
    // Columns by level: validate left, charge and reserve stacked in the middle, ship right.
    const box = async (id) => node(w, id).boundingBox()
    const [v, ch, r, s] = await Promise.all(['validate', 'charge', 'reserve', 'ship'].map(box))
    assert.ok(v.x < ch.x && ch.x === r.x && r.x < s.x, 'levels are columns, left to right')
    assert.ok(Math.abs(ch.y - r.y) >= ch.height, 'a level\'s steps are stacked, not overlapping')
    // One edge per dependency, each with an arrowhead, from the dependency to its dependent.
    const edges = await w.page.getByTestId('wf-edge').evaluateAll((els) => els.map((e) => `${e.dataset.from}→${e.dataset.to}:${e.querySelectorAll('path').length}${e.querySelectorAll('polygon').length}`))
    assert.deepEqual(edges.sort(), ['charge→ship:11', 'reserve→ship:11', 'validate→charge:11', 'validate→reserve:11'])
    // The arrowhead touches its dependent's left side.
    const tip = await w.page.locator('[data-testid="wf-edge"][data-to="ship"] polygon').first().boundingBox()
    assert.ok(Math.abs(tip.x + tip.width - s.x) <= 4, `arrow tip at ${tip.x + tip.width}, ship at ${s.x}`)
    // Labels: the state in words (never colour alone), the action muted.
    const labels = await w.page.getByTestId('wf-label').allTextContents()
    assert.deepEqual(labels, ['completed', 'running', 'retrying 2/4', 'pending'])
    assert.equal(await said(node(w, 'validate').locator('.wf-action')), 'validate_order')
    assert.equal(await said(node(w, 'validate').getByTestId('wf-duration')), '2.0 s')
    assert.equal(await said(node(w, 'reserve').getByTestId('wf-attempts')), 'attempt 2 of 4')
    assert.equal(await said(node(w, 'ship').getByTestId('wf-duration')), '')
    assert.equal(await said(node(w, 'ship').getByTestId('wf-attempts')), 'up to 1 attempt')
    // A running step's duration is its running time so far.
    assert.match(await said(node(w, 'charge').getByTestId('wf-duration')), /^[67]\.\d s$/)
    // Each state has its own icon shape; the node's name says it all.
    assert.match(await nodeButton(w, 'reserve').getAttribute('aria-label'), /^reserve, retrying 2\/4, attempt 2 of 4, duration \d\.\d s$/)
    assert.match(await nodeButton(w, 'charge').getAttribute('aria-label'), /^charge, human step, running, attempt 1 of 1/)
    assert.equal(await w.page.getByTestId('wf-summary').textContent(), '4 steps · 1 completed · 1 running · 1 retrying · 1 pending')
    // The graph replaces the generic "Running…"; Cancel stays.
    assert.equal(await w.page.getByText('Running…', { exact: true }).count(), 0)
    assert.equal(await w.page.getByTestId('running-step').count(), 0, 'one running step\'s line would hide the others running')
    assert.equal(await w.page.getByRole('button', { name: 'Cancel transaction' }).count(), 1)
    assert.deepEqual(w.consoleErrors, [])
  })

  test('workflow: clicking a node shows its details; a failed step\'s error, a skipped step\'s reason', async (w) => {
    await w.send(run(diamond(failedOver()), { status: 'failed', endedAt: ago(500), error: { name: 'WorkflowError', message: 'step reserve failed' } }))
    await nodeButton(w, 'validate').click()
    const details = w.page.getByTestId('step-details')
    await details.waitFor()
    assert.match(await said(details), /Step validate completed/)
    assert.match(await said(details.getByTestId('result')), /orderId ord_42 valid Yes/)
    assert.equal(await details.locator('mi-log').evaluate((el) => el.shadowRoot.querySelector('pre').textContent), 'checked 3 items')
    assert.equal(await nodeButton(w, 'validate').getAttribute('aria-expanded'), 'true')
    // A failed step: its error with its stack (a frame in the person's file opens it).
    await nodeButton(w, 'reserve').click()
    await eventually(async () => assert.equal(await said(details.getByTestId('step-status')), 'failed'))
    assert.match(await said(details.getByTestId('error')), /StockError: SKU-7 is out of stock/)
    assert.equal(await details.getByTestId('step-attempts').textContent(), 'attempt 4 of 4')
    assert.match(await details.getByTestId('step-duration').textContent(), /^5\.\d s$/)
    await details.getByTestId('stack-link').click()
    assert.deepEqual(await w.waitForPosted('openSource'), { type: 'openSource', file: '/work/orders/orders.ts', line: 31, column: 9 })
    assert.equal(await nodeButton(w, 'validate').getAttribute('aria-expanded'), 'false')
    // A skipped step says why, and has no result.
    await nodeButton(w, 'ship').click()
    await eventually(async () => assert.equal(await said(details.getByTestId('step-reason')), 'Skipped: its dependency reserve failed'))
    assert.equal(await details.getByTestId('result').count(), 0)
    assert.equal(await node(w, 'ship').getAttribute('data-status'), 'skipped')
    // The run's own error stays where a transaction's is, after the graph.
    assert.match(await said(w.page.locator('mi-app').getByTestId('error').last()), /WorkflowError: step reserve failed/)
    // Close hides the details.
    await details.getByTestId('step-close').click()
    await eventually(async () => assert.equal(await details.count(), 0))
  })

  test('workflow: keyboard — Tab reaches one node, Enter and Space select, arrows move across and within levels', async (w) => {
    await w.send(run(diamond()))
    await w.page.getByTestId('workflow-graph').waitFor()
    // Cancel is the first stop; the graph is the next, on its first node (roving tabindex: one stop for all).
    await w.page.keyboard.press('Tab')
    await w.page.keyboard.press('Tab')
    await eventually(async () => assert.match(await focusedLabel(w.page), /^button:validate, completed/))
    assert.deepEqual(await w.page.locator('button.wf-main').evaluateAll((els) => els.map((e) => e.tabIndex)), [0, -1, -1, -1])
    await w.page.keyboard.press('Enter')
    await w.page.getByTestId('step-details').waitFor()
    assert.match(await said(w.page.getByTestId('step-details')), /Step validate/)
    await w.page.keyboard.press('ArrowRight')
    await eventually(async () => assert.match(await focusedLabel(w.page), /^button:charge,/))
    await w.page.keyboard.press('ArrowDown')
    await eventually(async () => assert.match(await focusedLabel(w.page), /^button:reserve,/))
    await w.page.keyboard.press(' ')
    await eventually(async () => assert.match(await said(w.page.getByTestId('step-details')), /Step reserve retrying 2\/4/))
    // Its error so far (the attempt that failed), and its log.
    assert.match(await said(w.page.getByTestId('step-details').getByTestId('error')), /TimeoutError: warehouse did not answer in 2 s/)
    await w.page.keyboard.press('ArrowRight')
    await eventually(async () => assert.match(await focusedLabel(w.page), /^button:ship,/))
    await w.page.keyboard.press('ArrowRight') // the last level: stays
    // Escape closes the details and goes back to the step they showed.
    await w.page.keyboard.press('Escape')
    await eventually(async () => assert.equal(await w.page.getByTestId('step-details').count(), 0))
    await eventually(async () => assert.match(await focusedLabel(w.page), /^button:reserve,/))
    await w.page.keyboard.press('Home')
    await eventually(async () => assert.match(await focusedLabel(w.page), /^button:validate,/))
    assert.deepEqual(await w.page.locator('button.wf-main').evaluateAll((els) => els.map((e) => e.tabIndex)), [0, -1, -1, -1])
  })

  test('workflow: a human step shows a person and Open posts showTransaction with its transaction', async (w) => {
    await w.send(run(diamond()))
    const open = node(w, 'charge').getByTestId('wf-open')
    await open.waitFor()
    assert.equal(await node(w, 'charge').locator('.wf-person').count(), 1)
    assert.equal(await w.page.locator('.wf-nodes .wf-person').count(), 1, 'only the human step')
    assert.equal(await w.page.getByTestId('wf-open').count(), 1)
    await open.click()
    assert.deepEqual(await w.waitForPosted('showTransaction'), { type: 'showTransaction', id: 'tx-approve-1' })
    // Open does not select the node; the details' own link does the same.
    assert.equal(await w.page.getByTestId('step-details').count(), 0)
    await nodeButton(w, 'charge').click()
    await w.page.getByTestId('step-open').click()
    await eventually(async () => assert.equal((await w.posted()).filter((m) => m.type === 'showTransaction').length, 2))
    assert.match(await said(w.page.getByTestId('step-details')), /billing\/approve-charge \(answered by a person\)/)
  })

  test('workflow: pushes update nodes in place, keeping the selected step, the focus and the DOM', async (w) => {
    await w.send(run(diamond()))
    await nodeButton(w, 'reserve').click()
    await w.page.getByTestId('step-details').waitFor()
    await w.page.locator('button.wf-main[data-id="reserve"]').evaluate((el) => { el.__mark = 'same' })
    for (let i = 0; i < 3; i++) await w.send(run(diamond({ charge: { logs: [`tick ${i}`] } })))
    await w.send(run(diamond(failedOver())))
    await eventually(async () => assert.equal(await said(node(w, 'reserve').getByTestId('wf-label')), 'failed'))
    assert.equal(await said(node(w, 'ship').getByTestId('wf-label')), 'skipped')
    assert.equal(await w.page.locator('button.wf-main[data-id="reserve"]').evaluate((el) => el.__mark), 'same', 'the node was updated, not re-created')
    assert.match(await focusedLabel(w.page), /^button:reserve, failed/)
    assert.match(await said(w.page.getByTestId('step-details')), /Step reserve failed/)
    // Edges follow their dependency's state: done (solid) once it completed, broken once it failed.
    const cls = (from, to) => w.page.locator(`[data-testid="wf-edge"][data-from="${from}"][data-to="${to}"]`).getAttribute('class')
    assert.match(await cls('validate', 'charge'), /\bdone\b/)
    assert.match(await cls('reserve', 'ship'), /\bbroken\b/)
    assert.match(await cls('charge', 'ship'), /\bwaiting\b/)
    // Edges of the selected step stand out.
    assert.match(await cls('reserve', 'ship'), /\bhl\b/)
    assert.doesNotMatch(await cls('charge', 'ship'), /\bhl\b/)
  })

  test('workflow: the timeline has a bar per step that ran, a running one reaching now', async (w) => {
    await w.send(run(diamond()))
    const timeline = w.page.getByTestId('timeline')
    await timeline.waitFor()
    assert.equal(await timeline.getByTestId('timeline-row').count(), 4)
    assert.equal(await timeline.getByTestId('timeline-bar').count(), 3, 'ship has not started')
    const bar = async (id) => w.page.locator('[data-testid="timeline-row"]').filter({ hasText: id }).getByTestId('timeline-bar').boundingBox()
    const track = await w.page.locator('[data-testid="timeline-row"]').first().locator('svg.wf-tl-track').boundingBox()
    const [v, ch] = [await bar('validate'), await bar('charge')]
    assert.ok(Math.abs(v.x - track.x) <= 1, 'the first step starts the scale')
    assert.ok(ch.x > v.x + v.width - 1, 'charge starts after validate ended')
    assert.ok(Math.abs(ch.x + ch.width - (track.x + track.width)) <= 2, 'a running step reaches now, the end of the scale')
    assert.match(await w.page.locator('[data-testid="timeline-row"]').filter({ hasText: 'reserve' }).getAttribute('aria-label'), /^reserve: retrying 2\/4, started at 2\.5 s, ran 6\.\d s$/)
    // Once everything ended, bars stop at their ends.
    await w.send(run(diamond({ charge: { status: 'completed', endedAt: ago(2000) }, reserve: { status: 'completed', endedAt: ago(3000) }, ship: { status: 'completed', attempt: 1, startedAt: ago(1900), endedAt: ago(900) } }), { status: 'completed', endedAt: ago(800) }))
    await eventually(async () => assert.equal(await timeline.getByTestId('timeline-bar').count(), 4))
  })

  test('workflow: its input form is asked above the graph; step ids and results are text, never markup', async (w) => {
    await w.send(run(diamond({ validate: { id: '<img src=x onerror="window.__pwned=1">', result: '<b>ok</b>' } }).map((s, i) => i === 1 || i === 2 ? { ...s, dependsOn: ['<img src=x onerror="window.__pwned=1">'] } : s),
      { status: 'awaiting', prompt: { seq: 1, components: [c.text('Order id')] } }))
    await w.page.getByLabel('Order id').waitFor()
    const [form, graph] = await Promise.all([w.page.locator('.prompt-card').boundingBox(), w.page.getByTestId('workflow-graph').boundingBox()])
    assert.ok(form.y + form.height <= graph.y, 'the form comes first')
    assert.equal(await w.page.getByTestId('wf-edge').count(), 4)
    await w.page.locator('button.wf-main').first().click()
    await w.page.getByTestId('step-details').waitFor()
    assert.match(await said(w.page.getByTestId('step-details')), /<b>ok<\/b>/)
    assert.equal(await w.page.locator('mi-workflow').evaluate((el) => el.shadowRoot.querySelectorAll('img, b').length), 0)
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
  })

  test('history: a workflow entry shows its graph read-only above the steps, and a step\'s details', async (w) => {
    await w.send(workflowEntry())
    const graph = w.page.getByTestId('workflow-graph')
    await graph.waitFor()
    assert.deepEqual(await w.page.getByTestId('wf-label').allTextContents(), ['completed', 'completed', 'failed', 'skipped'])
    assert.deepEqual(await w.page.getByTestId('wf-duration').allTextContents(), ['2.0 s', '6.4 s', '8.4 s', ''])
    const [g, steps] = await Promise.all([graph.boundingBox(), w.page.getByRole('heading', { name: 'Steps', exact: true }).boundingBox()])
    assert.ok(g.y + g.height <= steps.y, 'the graph comes before the screens')
    assert.equal(await w.page.getByTestId('timeline-bar').count(), 3)
    // No live controls; opening the human step's transaction (its History entry) still works.
    assert.equal(await w.page.getByRole('button', { name: 'Cancel transaction' }).count(), 0)
    await nodeButton(w, 'charge').click()
    assert.match(await said(w.page.getByTestId('step-details').getByTestId('result')), /approved Yes by ada@example\.com/)
    await node(w, 'charge').getByTestId('wf-open').click()
    assert.deepEqual(await w.waitForPosted('showTransaction'), { type: 'showTransaction', id: 'tx-approve-1' })
  })

  shot('workflow-live', async (w) => {
    await w.send(run(diamond()))
    await w.page.getByTestId('workflow-graph').waitFor()
  })
  shot('workflow-failed-details', async (w) => {
    await w.send(run(diamond({ ...failedOver(), charge: { status: 'canceled', endedAt: ago(1000), reason: 'the run failed' } }), { status: 'failed', endedAt: ago(500), error: { name: 'WorkflowError', message: 'step reserve failed' } }))
    await nodeButton(w, 'reserve').click()
    await w.page.getByTestId('step-details').waitFor()
  })
  shot('history-workflow', async (w) => {
    await w.send(workflowEntry())
    await nodeButton(w, 'ship').focus()
    await w.page.keyboard.press('Enter')
    await w.page.getByTestId('step-details').waitFor()
  })
}
