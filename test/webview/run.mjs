// Webview tests in real headless Chromium: node test/webview/run.mjs
// Prints one line per test and ends with "N passed, M failed".
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildWebview } from './build.mjs'
import { launchBrowser, openWebview, startServer } from './harness.mjs'
import { readdirSync } from 'node:fs'
import { c, errorInfo, groupPrompt, historyEntry, resultState, state } from './fixtures.mjs'
import { eventually, focusedLabel, textOf } from './util.mjs'

const root = resolve(import.meta.dirname, '../..')
const shotsDir = join(root, 'test-output/screenshots')
const tests = []
const test = (name, fn) => tests.push({ name, fn })

// ---------------------------------------------------------------------------

test('loads under the strict CSP: ready posted, no violations, no errors', async (w) => {
  await w.send(groupPrompt())
  await w.page.getByLabel('Full name').waitFor()
  assert.deepEqual((await w.posted())[0], { type: 'ready' })
  assert.deepEqual(await w.cspViolations(), [])
  assert.deepEqual(w.consoleErrors, [])
})

test('a group prompt: labels find fields, focus starts in the first, Submit posts typed values', async (w) => {
  await w.send(groupPrompt())
  const name = w.page.getByLabel('Full name')
  await name.waitFor()
  await eventually(async () => assert.equal(await focusedLabel(w.page), 'input:Full name'))
  await name.fill('Ada Lovelace')
  await w.page.getByLabel('Customer email').fill('ada@example.com')
  await w.page.getByLabel('Refund amount').fill('42.5')
  // click + wait rather than check(): check() verifies the state at once, before FAST's re-render settles.
  await w.page.getByLabel('Notify the customer').click()
  await eventually(async () => assert.equal(await w.page.getByLabel('Notify the customer').isChecked(), true))
  await w.page.getByRole('button', { name: 'Submit' }).click()
  const submit = await w.waitForPosted('submit')
  assert.deepEqual(submit, { type: 'submit', seq: 1, values: ['Ada Lovelace', 'ada@example.com', 42.5, true] })
  // The feed's markdown is above the prompt.
  assert.equal(await textOf(w.page.getByRole('heading', { name: 'Customer lookup' })), 'Customer lookup')
  assert.equal(await w.page.getByTestId('status').textContent(), 'Waiting for input')
})

test('Enter submits from a one-line field; in a textarea it adds a line', async (w) => {
  await w.send(state({ prompt: { seq: 3, components: [c.text('Notes', { multiline: true, lines: 4 }), c.text('Ticket')] } }))
  const notes = w.page.getByLabel('Notes')
  await notes.waitFor()
  assert.equal(await notes.evaluate((e) => e.tagName), 'TEXTAREA')
  assert.equal(await notes.evaluate((e) => e.rows), 4)
  await notes.click()
  await w.page.keyboard.type('line one')
  await w.page.keyboard.press('Enter')
  await w.page.keyboard.type('line two')
  assert.equal((await w.posted()).filter((m) => m.type === 'submit').length, 0)
  await w.page.getByLabel('Ticket').fill('T-1')
  await w.page.getByLabel('Ticket').press('Enter')
  const submit = await w.waitForPosted('submit')
  assert.deepEqual(submit.values, ['line one\nline two', 'T-1'])
})

test('checkAnswer errors show next to the field, are announced, and block the submit', async (w) => {
  await w.send(groupPrompt())
  await w.page.getByLabel('Full name').fill('Ada')
  await w.page.getByLabel('Customer email').fill('not-an-email')
  await w.page.getByLabel('Refund amount').fill('900')
  await w.page.getByRole('button', { name: 'Submit' }).click()
  const emailField = w.page.getByTestId('field-1')
  await eventually(async () => assert.match(await textOf(emailField), /Enter a valid email address\./))
  assert.match(await textOf(w.page.getByTestId('field-2')), /Enter a number of at most 500\./)
  assert.equal(await w.page.getByLabel('Customer email').getAttribute('aria-invalid'), 'true')
  assert.match(await w.page.getByLabel('Customer email').getAttribute('aria-description'), /valid email/)
  assert.equal(await emailField.locator('[aria-live]').count(), 1)
  assert.equal((await w.posted()).filter((m) => m.type === 'submit').length, 0)
  await eventually(async () => assert.equal(await focusedLabel(w.page), 'input:Customer email'))
  // Fixing the fields lets the answer through.
  await w.page.getByLabel('Customer email').fill('ada@example.com')
  await w.page.getByLabel('Refund amount').fill('12')
  await w.page.getByRole('button', { name: 'Submit' }).click()
  assert.deepEqual((await w.waitForPosted('submit')).values, ['Ada', 'ada@example.com', 12, false])
})

test('a prompt re-sent by the host keeps its values and shows its errors', async (w) => {
  await w.send(groupPrompt({ values: ['Ada', 'ada@bad', 3, true], errors: [null, 'That email is not a customer.', null, null] }))
  await w.page.getByLabel('Customer email').waitFor()
  assert.equal(await w.page.getByLabel('Full name').inputValue(), 'Ada')
  assert.equal(await w.page.getByLabel('Customer email').inputValue(), 'ada@bad')
  assert.equal(await w.page.getByLabel('Refund amount').inputValue(), '3')
  assert.equal(await w.page.getByLabel('Notify the customer').getAttribute('aria-checked'), 'true')
  await eventually(async () => assert.match(await textOf(w.page.getByTestId('field-1')), /That email is not a customer\./))
})

test('optional and defaulted fields; number decimals are checked', async (w) => {
  await w.send(state({ prompt: { seq: 4, components: [
    c.text('Nickname', {}, true),
    c.text('Country', { defaultValue: 'UK' }),
    c.number('Quantity', { decimals: 0, defaultValue: 2 }),
  ] } }))
  await w.page.getByLabel('Quantity').waitFor()
  assert.equal(await w.page.getByLabel('Country').inputValue(), 'UK')
  await w.page.getByLabel('Quantity').fill('2.5')
  await w.page.getByRole('button', { name: 'Submit' }).click()
  await eventually(async () => assert.match(await textOf(w.page.getByTestId('field-2')), /Enter a whole number\./))
  await w.page.getByLabel('Quantity').fill('3')
  await w.page.getByRole('button', { name: 'Submit' }).click()
  assert.deepEqual((await w.waitForPosted('submit')).values, [null, 'UK', 3])
})

test('confirm: Yes posts true, No posts false', async (w) => {
  await w.send(state({ prompt: { seq: 5, components: [c.confirm('Refund $42 to Ada?', { helpText: 'This cannot be undone.' })] } }))
  await w.page.getByRole('button', { name: 'No' }).click()
  assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 5, values: [false] })
  await w.send(state({ prompt: { seq: 6, components: [c.confirm('Really?')] } }))
  await w.page.getByText('Really?').waitFor()
  await w.page.getByRole('button', { name: 'Yes' }).click()
  await eventually(async () => assert.deepEqual((await w.posted()).at(-1), { type: 'submit', seq: 6, values: [true] }))
  assert.equal(await w.page.getByRole('button', { name: 'Submit' }).count(), 0)
})

test('Cancel transaction posts cancel while running, and is gone once finished', async (w) => {
  await w.send(state({ status: 'running', loading: { label: 'Refunding', itemsInQueue: 4, itemsCompleted: 1 } }))
  await w.page.getByText('1 of 4 completed').waitFor()
  await w.page.getByRole('button', { name: 'Cancel transaction' }).click()
  assert.deepEqual(await w.waitForPosted('cancel'), { type: 'cancel' })
  await w.send(state({ status: 'canceled' }))
  await eventually(async () => assert.equal(await w.page.getByTestId('status').textContent(), 'Canceled'))
  assert.equal(await w.page.getByRole('button', { name: 'Cancel transaction' }).count(), 0)
})

test('results: object as key/values (nested too), array of objects as io-table, primitive as text', async (w) => {
  await w.send(resultState({ refunded: 2, total: 84.5, customer: { id: 'cus_1' } }))
  const result = w.page.getByTestId('result')
  await result.waitFor()
  assert.match(await textOf(result), /refunded\s*2/)
  // Nested objects stay key/value lists, never JSON.
  assert.match(await textOf(result), /customer id cus_1/)
  // An array of objects is the real table (read-only io-table), with the keys as columns.
  await w.send(resultState([{ id: 'ch_1', amount: 10 }, { id: 'ch_2', amount: 20, note: 'late' }]))
  await eventually(async () => assert.equal(await result.locator('io-table').getByRole('row').count(), 3))
  assert.deepEqual((await result.getByRole('columnheader').allTextContents()).map((t) => t.trim()), ['id', 'amount', 'note'])
  await w.send(resultState('All done <b>ok</b>'))
  await eventually(async () => assert.match(await textOf(result), /All done <b>ok<\/b>/))
  assert.equal(await w.page.getByTestId('status').textContent(), 'Completed')
})

test('error: name, message, cause and stack', async (w) => {
  await w.send(state({ status: 'failed', error: errorInfo }))
  const error = w.page.getByTestId('error')
  await error.waitFor()
  const text = await textOf(error)
  for (const part of ['RefundError', 'Charge ch_3 was already refunded', 'HTTP 409 Conflict', 'at refundCharge']) assert.ok(text.includes(part), part)
  assert.equal(await error.locator('pre').count(), 1)
})

test('markdown renders GFM, shows raw HTML as text, and only opens http(s)/mailto links', async (w) => {
  const md = [
    '# Title', 'Some *em*, **strong**, ~~gone~~ and `code`.', '',
    '- [x] done', '- item', '', '1. first', '2. second', '', '> quoted', '', '---', '',
    '| a | b |', '|---|--:|', '| 1 | 2 |', '',
    '```', 'const x = 1 < 2', '```', '',
    '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>', '',
    '[bad](javascript:window.__pwned=3) [good](https://example.com) [mail](mailto:a@b.c)',
  ].join('\n')
  await w.send(state({ status: 'running', feed: [c.markdown(md)] }))
  await w.page.getByRole('heading', { name: 'Title' }).waitFor()
  const feed = w.page.locator('io-display-markdown')
  assert.equal(await feed.locator('strong').textContent(), 'strong')
  assert.equal(await feed.locator('del').textContent(), 'gone')
  assert.equal(await feed.getByRole('table').count(), 1)
  assert.equal(await feed.locator('blockquote').count(), 1)
  assert.equal(await feed.locator('ol > li').count(), 2)
  assert.equal(await feed.locator('img').count(), 0)
  assert.equal(await feed.locator('script').count(), 0)
  assert.match(await textOf(feed), /<img src=x onerror="window.__pwned=1">/)
  assert.equal(await feed.getByRole('link', { name: 'bad' }).count(), 0)
  assert.equal(await feed.getByRole('link', { name: 'good' }).getAttribute('href'), 'https://example.com/')
  assert.equal(await feed.getByRole('link', { name: 'mail' }).getAttribute('href'), 'mailto:a@b.c')
  assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
  assert.deepEqual(await w.cspViolations(), [])
})

test('an invalid message is dropped with a warning and the panel keeps working', async (w) => {
  await w.send(resultState({ ok: true }))
  await w.page.getByTestId('result').waitFor()
  await w.send({ type: 'state', state: { id: 'x', status: 'exploded' } })
  await w.send({ type: 'nonsense' })
  await w.send('just a string')
  await eventually(() => assert.equal(w.consoleWarnings.filter((m) => m.includes('dropped an invalid message')).length, 3))
  assert.match(w.consoleWarnings[0], /status/)
  assert.match(await textOf(w.page.getByTestId('result')), /ok\s*Yes/)
  await w.send(state({ status: 'failed', error: errorInfo }))
  await w.page.getByTestId('error').waitFor()
  assert.deepEqual(w.consoleErrors, [])
})

test('history view: who, when, duration, answers, logs, error stack, problems', async (w) => {
  await w.send(historyEntry)
  await w.page.getByTestId('error').waitFor()
  const text = await textOf(w.page.locator('mi-app'))
  for (const part of ['Ada Lovelace', 'ada@example.com', '1 min 5 s', 'Customer email', '42', 'Really refund?', 'Yes',
    'Refunded ch_1', 'at refundCharge', 'line 7: not valid JSON', 'dashboard']) assert.ok(text.includes(part), part)
  assert.equal(await w.page.getByTestId('status').textContent(), 'Failed')
  assert.equal(await w.page.getByRole('button', { name: 'Cancel transaction' }).count(), 0)
})

test('state survives a hidden/re-shown panel (vscode.setState), including typed drafts', async (w, ctx) => {
  await w.send(groupPrompt())
  await w.page.getByLabel('Full name').fill('Typed before hiding')
  const saved = await w.savedState()
  assert.equal(saved.message.state.id, 'tx-1')
  const again = await ctx.open({ savedState: saved })
  await again.page.getByLabel('Full name').waitFor()
  assert.equal(await again.page.getByLabel('Full name').inputValue(), 'Typed before hiding')
})

// ---------------------------------------------------------------------------

async function screenshots(browser, url) {
  mkdirSync(shotsDir, { recursive: true })
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const w = await openWebview(browser, url, { theme, viewport: { width: 760, height: 820 } })
    await w.send(groupPrompt({ values: ['Ada Lovelace', 'ada@example', '42', true], errors: [null, 'Enter a valid email address.', null, null] }))
    await w.page.getByLabel('Full name').waitFor()
    await w.page.waitForTimeout(200)
    await w.page.screenshot({ path: join(shotsDir, `webview-prompt-${theme}.png`), fullPage: true })
    await w.send(resultState([{ charge: 'ch_1', amount: 10, refunded: true }, { charge: 'ch_2', amount: 32.5, refunded: true }],
      { feed: [c.markdown('Refunded **2 charges** for `ada@example.com`.')] }))
    await w.page.getByTestId('result').waitFor()
    await w.page.waitForTimeout(200)
    await w.page.screenshot({ path: join(shotsDir, `webview-result-${theme}.png`), fullPage: true })
    await w.send(state({ status: 'failed', endedAt: '2025-05-01T10:00:02.000Z', error: errorInfo, logs: ['Refunding ch_3'] }))
    await w.page.getByTestId('error').waitFor()
    await w.page.waitForTimeout(200)
    await w.page.screenshot({ path: join(shotsDir, `webview-error-${theme}.png`), fullPage: true })
    await w.send(historyEntry)
    await w.page.getByText('Problems reading this entry').waitFor()
    await w.page.waitForTimeout(200)
    await w.page.screenshot({ path: join(shotsDir, `webview-history-${theme}.png`), fullPage: true })
    for (const shot of shots) {
      await shot.fn(w)
      await w.page.waitForTimeout(200)
      await w.page.screenshot({ path: join(shotsDir, `webview-${shot.name}-${theme}.png`), fullPage: true })
    }
    const violations = await w.cspViolations()
    await w.page.close()
    if (violations.length) throw new Error(`CSP violations in ${theme}: ${violations.join('; ')}`)
  }
}

// More tests live in test/webview/*.tests.mjs, each exporting register(test, shot):
// `shot(name, fn)` adds a screenshot taken in light, dark and high-contrast.
const shots = []
for (const f of readdirSync(import.meta.dirname).filter((f) => f.endsWith('.tests.mjs')).sort()) {
  const mod = await import(join(import.meta.dirname, f))
  mod.register(test, (name, fn) => shots.push({ name, fn }))
}

async function main() {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromiumPath)) {
    console.log(`  ✗ no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  const built = await buildWebview()
  const server = await startServer(built)
  const browser = await launchBrowser()
  let passed = 0
  let failed = 0
  const only = process.argv[2]
  try {
    for (const t of tests) {
      if (only && !t.name.includes(only)) continue
      const pages = []
      const ctx = { open: async (opts) => { const w = await openWebview(browser, server.url, opts); pages.push(w.page); return w } }
      try {
        const w = await ctx.open()
        await t.fn(w, ctx)
        const violations = await w.cspViolations()
        if (violations.length) throw new Error(`CSP violations: ${violations.join('; ')}`)
        passed++
        console.log(`  ✓ ${t.name}`)
      } catch (e) {
        failed++
        console.log(`  ✗ ${t.name}\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`)
      } finally {
        for (const p of pages) await p.close().catch(() => {})
      }
    }
    if (!only) {
      try {
        await screenshots(browser, server.url)
        passed++
        console.log(`  ✓ screenshots (light, dark, high-contrast) → ${shotsDir}`)
      } catch (e) {
        failed++
        console.log(`  ✗ screenshots\n      ${e?.stack ?? e}`)
      }
    }
  } finally {
    await browser.close()
    await server.close()
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

await main()
