// Durable transactions: the ctx.run step running now, a run resumed after a
// reload, a resumed run that diverged (Restart / Cancel), a run held because
// its code changed (Resume / Restart / Cancel), and History's list of steps.
import assert from 'node:assert/strict'
import { c, historyEntry, state } from './fixtures.mjs'
import { eventually, textOf } from './util.mjs'

/** What a person reads: rendered text with its spacing collapsed. */
const said = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim()

const diverged = (over = {}) => state({
  status: 'diverged', endedAt: '2025-05-01T10:03:00.000Z', resumed: 1,
  feed: [c.markdown('Found **3 charges** for ada@example.com.')],
  divergence: { seq: 2, expected: 'io.input.text "Name"', actual: 'io.input.email "Email"' },
  ...over,
})

const held = (over = {}) => state({
  status: 'awaiting', codeChanged: true, resumed: 2,
  prompt: { seq: 3, components: [c.text('Full name'), c.email('Customer email')] },
  ...over,
})

const startedAt = '2025-05-01T10:00:00.000Z'
const durableEntry = (over = {}) => ({
  type: 'history',
  entry: {
    ...historyEntry.entry,
    id: 'tx-durable',
    status: 'failed',
    problems: undefined,
    resumed: 2,
    steps: [historyEntry.entry.steps[1]],
    logs: ['Charging card_1', 'Retrying after a timeout', 'Sending the receipt'],
    error: { name: 'SmtpError', message: 'Connection refused by mail.example.com:587' },
    durableSteps: [
      { seq: 2, name: 'charge card', status: 'succeeded', attempts: 3, startedAt, durationMs: 4_250 },
      { seq: 3, name: 'send receipt', status: 'failed', attempts: 1, startedAt, durationMs: 850, error: { name: 'SmtpError', message: 'Connection refused by mail.example.com:587' } },
    ],
    ...over,
  },
})

const divergedEntry = () => durableEntry({
  status: 'diverged', error: undefined, resumed: 1,
  divergence: { seq: 2, expected: 'io.input.text "Name"', actual: 'io.input.email "Email"' },
  durableSteps: [
    { seq: 1, name: 'look up customer', status: 'succeeded', attempts: 1, startedAt, durationMs: 320 },
    { seq: 3, name: 'charge card', status: 'running', attempts: 2, startedAt },
  ],
})

export function register(test, shot) {
  test('durable: a running ctx.run step is named in place of "Running…", with its attempt after the first', async (w) => {
    await w.send(state({ status: 'running', step: { name: 'charge card', attempt: 1 } }))
    const step = w.page.getByTestId('running-step')
    await step.waitFor()
    assert.equal(await said(step), 'Running step “charge card”…')
    assert.equal(await w.page.getByText('Running…', { exact: true }).count(), 0, 'no generic Running… as well')
    await w.send(state({ status: 'running', step: { name: 'charge card', attempt: 2 } }))
    await eventually(async () => assert.equal(await said(step), 'Running step “charge card”… · attempt 2'))
    // With ctx.loading, its label leads and the step is a muted line under it.
    await w.send(state({ status: 'running', step: { name: 'charge card', attempt: 2 }, loading: { label: 'Charging cards', itemsInQueue: 4, itemsCompleted: 1 } }))
    await w.page.getByText('1 of 4 completed').waitFor()
    assert.equal(await said(step), 'In step “charge card” · attempt 2')
    assert.equal(await w.page.locator('.loading-label').textContent(), 'Charging cards')
    // A step's name is text, never markup.
    await w.send(state({ status: 'running', step: { name: '<img src=x onerror="window.__pwned=1">', attempt: 1 } }))
    await eventually(async () => assert.equal(await said(step), 'Running step “<img src=x onerror="window.__pwned=1">”…'))
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
    // The step ends: back to the generic line.
    await w.send(state({ status: 'running' }))
    await eventually(async () => assert.equal(await step.count(), 0))
    await w.page.getByText('Running…', { exact: true }).waitFor()
  })

  test('durable: a diverged run names both calls; Restart posts rerun and Cancel posts cancel', async (w) => {
    await w.send(diverged())
    const card = w.page.getByTestId('divergence')
    await card.waitFor()
    assert.equal(await w.page.getByTestId('status').textContent(), 'Diverged')
    assert.equal(await said(card.getByTestId('divergence-detail')),
      'Expected io.input.text "Name" (answered before the reload), but the code now calls io.input.email "Email".')
    assert.match(await said(card), /could not be resumed: its code now makes a different call at this point\./)
    // The card is the ending: no second "how it ended", no header Cancel, no spinner.
    assert.equal(await w.page.getByTestId('ending').count(), 0)
    assert.equal(await w.page.locator('.header-actions').count(), 0)
    assert.equal(await w.page.locator('vscode-progress-ring').count(), 0)
    const restart = w.page.getByTestId('restart')
    assert.equal(await restart.getAttribute('title'), 'Start a new transaction with the same params')
    assert.equal(await restart.getAttribute('aria-label'), 'Restart with the same params')
    await restart.click()
    assert.deepEqual(await w.waitForPosted('rerun'), { type: 'rerun' })
    await w.page.getByTestId('cancel-diverged').click()
    assert.deepEqual(await w.waitForPosted('cancel'), { type: 'cancel' })
    // Keyboard: Enter on a focused Restart.
    await restart.focus()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.equal((await w.posted()).filter((m) => m.type === 'rerun').length, 2))
    // Calls as the host describes them are text, whatever they hold.
    await w.send(diverged({ divergence: { seq: 2, expected: 'io.display.html "<b>x</b>"', actual: 'io.input.text "y"' } }))
    await eventually(async () => assert.match(await said(card), /Expected io\.display\.html "<b>x<\/b>"/))
    assert.equal(await card.locator('b').count(), 0)
  })

  test('durable: code changed holds the run with no prompt or spinner; Resume, Restart and Cancel post resume, rerun and cancel', async (w) => {
    await w.send(held())
    const card = w.page.getByTestId('code-changed')
    await card.waitFor()
    assert.equal(await said(card.locator('p')),
      'The code of Refund user changed since this transaction started. Resume it with the new code, or restart it from the beginning with the same params.')
    assert.equal(await w.page.locator('mi-prompt').count(), 0, 'no prompt while held')
    assert.equal(await w.page.getByLabel('Full name').count(), 0)
    assert.equal(await w.page.locator('vscode-progress-ring').count(), 0)
    // One Cancel: the card's, not the header's as well.
    assert.equal(await w.page.locator('.header-actions').count(), 0)
    assert.equal(await w.page.getByRole('button', { name: 'Cancel transaction' }).count(), 1)
    assert.deepEqual((await card.locator('vscode-button').allTextContents()).map((t) => t.trim()), ['Resume with new code', 'Restart', 'Cancel'])
    await card.getByTestId('resume').click()
    assert.deepEqual(await w.waitForPosted('resume'), { type: 'resume' })
    await card.getByTestId('restart').click()
    assert.deepEqual(await w.waitForPosted('rerun'), { type: 'rerun' })
    await card.getByRole('button', { name: 'Cancel transaction' }).click()
    assert.deepEqual(await w.waitForPosted('cancel'), { type: 'cancel' })
    assert.equal((await w.posted()).filter((m) => m.type === 'submit').length, 0)
    // Held while running (mid-step): the card, not the step's spinner.
    await w.send(held({ status: 'running', prompt: undefined, step: { name: 'charge card', attempt: 1 } }))
    await eventually(async () => assert.equal(await w.page.getByTestId('status').textContent(), 'Running'))
    await card.waitFor()
    assert.equal(await w.page.getByTestId('running-step').count(), 0)
    assert.equal(await w.page.locator('vscode-progress-ring').count(), 0)
    // Resumed: the prompt and the header Cancel are back, the card is gone.
    await w.send(held({ codeChanged: undefined }))
    await w.page.getByLabel('Full name').waitFor()
    assert.equal(await card.count(), 0)
    assert.equal(await w.page.locator('.header-actions').getByRole('button', { name: 'Cancel transaction' }).count(), 1)
  })

  test('durable: the resumed mark says once or N times and why, live and in History', async (w) => {
    await w.send(state({ status: 'running', resumed: 1 }))
    const mark = w.page.getByTestId('resumed')
    await mark.waitFor()
    assert.equal(await mark.textContent(), 'Resumed once')
    assert.equal(await mark.getAttribute('title'), 'VS Code reloaded or crashed while this ran; it resumed where it left off')
    await w.send(state({ status: 'completed', resumed: 3, result: 'ok' }))
    await eventually(async () => assert.equal(await mark.textContent(), 'Resumed 3 times'))
    await w.send(state({ status: 'running' }))
    await eventually(async () => assert.equal(await mark.count(), 0))
    await w.send(durableEntry())
    await eventually(async () => assert.equal(await mark.textContent(), 'Resumed 2 times'))
    // In the title row, after the status badge.
    assert.deepEqual(await w.page.locator('.title-row > [data-testid]').evaluateAll((els) => els.map((e) => e.dataset.testid)).then((ids) => ids.slice(0, 2)), ['status', 'resumed'])
  })

  test('history detail: durable steps list status, attempts, duration and the failed step\'s error', async (w) => {
    await w.send(durableEntry())
    const section = w.page.getByTestId('durable-steps')
    await section.waitFor()
    assert.deepEqual((await section.getByRole('columnheader').allTextContents()).map((t) => t.trim()), ['Step', 'Status', 'Attempts', 'Duration'])
    const rows = section.getByTestId('durable-step')
    assert.equal(await rows.count(), 2)
    const cells = (i) => rows.nth(i).getByRole('cell').allTextContents().then((t) => t.map((s) => s.trim()))
    assert.deepEqual(await cells(0), ['charge card', 'Succeeded', '3 attempts', '4.3 s'])
    assert.deepEqual(await cells(1), ['send receipt', 'Failed', '1 attempt', '850 ms'])
    assert.deepEqual(await section.getByTestId('durable-step-error').allTextContents(), ['SmtpError: Connection refused by mail.example.com:587'])
    // The screens keep their own "Steps" list; no divergence card on a failed run.
    assert.equal(await w.page.getByTestId('step').count(), 1)
    assert.equal(await w.page.getByTestId('divergence').count(), 0)
  })

  test('history detail: a diverged entry explains itself, a step it stopped in did not finish, and Re-run is the way on', async (w) => {
    await w.send(divergedEntry())
    const card = w.page.getByTestId('divergence')
    await card.waitFor()
    assert.equal(await w.page.getByTestId('status').textContent(), 'Diverged')
    assert.equal(await said(card.getByTestId('divergence-detail')),
      'Expected io.input.text "Name" (answered before the reload), but the code now calls io.input.email "Email".')
    assert.equal(await card.locator('vscode-button').count(), 0, 'no live buttons in History')
    assert.equal(await w.page.getByTestId('ending').count(), 0)
    const rows = w.page.getByTestId('durable-step')
    assert.deepEqual((await rows.nth(1).getByRole('cell').allTextContents()).map((t) => t.trim()), ['charge card', 'Did not finish', '2 attempts', '—'])
    assert.match(await textOf(w.page.getByTestId('meta')), /Ada Lovelace/)
    await w.page.getByTestId('rerun').click()
    assert.deepEqual(await w.waitForPosted('rerun'), { type: 'rerun' })
  })

  shot('durable-running-step', async (w) => {
    await w.send(state({ status: 'running', resumed: 1, step: { name: 'charge card', attempt: 2 },
      feed: [c.markdown('Charging **3 cards** for ada@example.com.')], logs: ['Charging card_1', 'Timed out; retrying'] }))
    await w.page.getByTestId('running-step').waitFor()
  })
  shot('durable-loading-step', async (w) => {
    await w.send(state({ status: 'running', step: { name: 'charge card', attempt: 3 },
      loading: { label: 'Charging cards', description: 'card_2 is slow', itemsInQueue: 3, itemsCompleted: 1 } }))
    await w.page.getByTestId('running-step').waitFor()
  })
  shot('durable-diverged', async (w) => {
    await w.send(diverged({ logs: ['Resumed after a reload'] }))
    await w.page.getByTestId('divergence').waitFor()
  })
  shot('durable-code-changed', async (w) => {
    await w.send(held({ feed: [c.markdown('Found **3 charges** for ada@example.com.')] }))
    await w.page.getByTestId('code-changed').waitFor()
  })
  shot('history-durable', async (w) => {
    await w.send(durableEntry())
    await w.page.getByTestId('durable-steps').waitFor()
  })
  shot('history-diverged', async (w) => {
    await w.send(divergedEntry())
    await w.page.getByTestId('divergence').waitFor()
  })
}
