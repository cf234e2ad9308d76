// Every io input and selection beyond text/email/number/boolean, plus choices,
// form errors and confirm variants: rendered from a host message, used like a
// person would (keyboard, clicks, files), and checked on the exact `submit` posted.
import assert from 'node:assert/strict'
import { c, result, searchResults, state, swatch } from './fixtures.mjs'
import { eventually, focusedLabel, textOf } from './util.mjs'

const prompt = (seq, components, extra = {}) => state({ prompt: { seq, components, ...extra } })
const submits = async (w) => (await w.posted()).filter((m) => m.type === 'submit')
const clickSubmit = (w) => w.page.getByRole('button', { name: 'Submit' }).click()
const fieldText = (w, i) => textOf(w.page.getByTestId(`field-${i}`))

export function register(test, shot) {
  test('slider: arrow keys, Home/End move it, the value is shown, Submit posts a number', async (w) => {
    await w.send(prompt(10, [c.slider('Discount', { min: 0, max: 50, step: 5, defaultValue: 10, helpText: 'Percent off' })]))
    const slider = w.page.getByLabel('Discount')
    await slider.waitFor()
    assert.equal(await slider.getAttribute('type'), 'range')
    await eventually(async () => assert.equal(await focusedLabel(w.page), 'input:Discount'))
    await w.page.keyboard.press('ArrowRight')
    await w.page.keyboard.press('ArrowRight')
    await eventually(async () => assert.equal(await w.page.getByTestId('slider-value').textContent(), '20'))
    await w.page.keyboard.press('End')
    await w.page.keyboard.press('ArrowLeft')
    await eventually(async () => assert.equal(await w.page.getByTestId('slider-value').textContent(), '45'))
    await w.page.keyboard.press('Enter')
    assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 10, values: [45] })
  })

  test('rich text: bold (Ctrl+B) and a bulleted list become allowlisted HTML', async (w) => {
    await w.send(prompt(11, [c.richText('Release notes', { placeholder: 'What changed?' })]))
    const editor = w.page.getByLabel('Release notes')
    await editor.waitFor()
    assert.equal(await editor.getAttribute('role'), 'textbox')
    await editor.click()
    await w.page.keyboard.type('Hello ')
    await w.page.keyboard.press('Control+B')
    await w.page.keyboard.type('world')
    await w.page.keyboard.press('Control+B')
    await w.page.keyboard.press('Enter') // a new paragraph, not a submit
    await w.page.getByRole('button', { name: 'Bulleted list' }).click()
    await w.page.keyboard.type('one')
    await w.page.keyboard.press('Enter')
    await w.page.keyboard.type('two')
    assert.equal((await submits(w)).length, 0)
    await clickSubmit(w)
    const submit = await w.waitForPosted('submit')
    assert.deepEqual(submit.values, ['<p>Hello <strong>world</strong></p><ul><li>one</li><li>two</li></ul>'])
  })

  test('rich text: toolbar (heading, italic, numbered list, link) is keyboard reachable and named', async (w) => {
    await w.send(prompt(12, [c.richText('Summary')]))
    const toolbar = w.page.getByRole('toolbar', { name: 'Formatting' })
    await toolbar.waitFor()
    for (const name of ['Bold', 'Italic', 'Heading', 'Subheading', 'Bulleted list', 'Numbered list', 'Quote', 'Link']) {
      assert.equal(await toolbar.getByRole('button', { name, exact: true }).count(), 1, name)
    }
    const editor = w.page.getByLabel('Summary')
    await editor.click()
    await w.page.getByRole('button', { name: 'Heading', exact: true }).click()
    await w.page.keyboard.type('Plan')
    await w.page.keyboard.press('Enter')
    await w.page.keyboard.press('Control+I')
    await w.page.keyboard.type('soon')
    await w.page.keyboard.press('Control+I')
    await w.page.keyboard.press('Enter')
    await w.page.getByRole('button', { name: 'Numbered list' }).click()
    await w.page.keyboard.type('docs')
    // Select "docs" and link it through the toolbar's link row.
    await w.page.keyboard.press('Shift+Home')
    await w.page.keyboard.press('Control+K')
    const address = w.page.getByLabel('Link address')
    await address.waitFor()
    await address.fill('javascript:alert(1)')
    await address.press('Enter')
    await eventually(async () => assert.match(await textOf(w.page.getByRole('group', { name: 'Insert link' })), /http/))
    await address.fill('https://example.com/docs')
    await address.press('Enter')
    await clickSubmit(w)
    const submit = await w.waitForPosted('submit')
    assert.deepEqual(submit.values, ['<h2>Plan</h2><p><em>soon</em></p><ol><li><a href="https://example.com/docs">docs</a></li></ol>'])
  })

  test('rich text: a hostile defaultValue is loaded through the allowlist and never runs', async (w) => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>' +
      '<p style="color:red" onclick="window.__pwned=3">Hi <b>there</b> <a href="javascript:window.__pwned=4">bad</a> ' +
      '<a href="https://example.com" onmouseover="window.__pwned=5">good</a></p><iframe src="https://example.com"></iframe>'
    await w.send(prompt(13, [c.richText('Message', { defaultValue: hostile })]))
    const editor = w.page.getByLabel('Message')
    await editor.waitFor()
    await eventually(async () => assert.match(await editor.textContent(), /Hi there bad good/))
    assert.equal(await editor.locator('img, script, iframe').count(), 0)
    assert.equal(await editor.locator('[onclick], [onmouseover], [style]').count(), 0)
    assert.equal(await editor.locator('a').count(), 1)
    await editor.locator('a').hover()
    await editor.locator('p').click()
    await w.page.waitForTimeout(100)
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
    await clickSubmit(w)
    assert.deepEqual((await w.waitForPosted('submit')).values, ['<p>Hi <strong>there</strong> bad <a href="https://example.com/">good</a></p>'])
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
  })

  test('rich text: an emptied required editor is refused; optional and empty answers null', async (w) => {
    await w.send(prompt(14, [c.richText('Reason'), c.richText('Extra', {}, true)]))
    const editor = w.page.getByLabel('Reason')
    await editor.click()
    await w.page.keyboard.type('x')
    await w.page.keyboard.press('Backspace')
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /This field is required\./))
    await editor.click()
    await w.page.keyboard.type('Because')
    await clickSubmit(w)
    assert.deepEqual((await w.waitForPosted('submit')).values, ['<p>Because</p>', null])
  })

  test('url: a disallowed protocol is refused before sending; a good URL is posted as typed', async (w) => {
    await w.send(prompt(15, [c.url('Webhook', { allowedProtocols: ['https'] })]))
    const url = w.page.getByLabel('Webhook')
    await url.waitFor()
    assert.equal(await url.getAttribute('type'), 'url')
    await url.fill('http://example.com/hook')
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /Use a URL starting with https:\/\/\./))
    assert.equal(await url.getAttribute('aria-invalid'), 'true')
    await url.fill('not a url')
    await url.press('Enter')
    await eventually(async () => assert.match(await fieldText(w, 0), /Enter a full URL/))
    assert.equal((await submits(w)).length, 0)
    await url.fill('https://example.com/hook')
    await url.press('Enter')
    assert.deepEqual((await w.waitForPosted('submit')).values, ['https://example.com/hook'])
  })

  test('date/time/datetime: min/max errors, wire shapes, datetime shown in local time', async (w) => {
    const min = { year: 2025, month: 1, day: 1 }
    const max = { year: 2025, month: 12, day: 31 }
    const iso = '2025-03-04T15:45:00.000Z'
    await w.send(prompt(16, [
      c.date('Start date', { min, max }),
      c.time('Start time', { min: { hour: 8, minute: 0 }, max: { hour: 18, minute: 0 } }),
      c.datetime('Deadline', { defaultValue: iso }),
    ]))
    const date = w.page.getByLabel('Start date')
    await date.waitFor()
    assert.equal(await date.getAttribute('min'), '2025-01-01')
    assert.equal(await date.getAttribute('max'), '2025-12-31')
    const local = await w.page.evaluate((s) => {
      const d = new Date(s)
      const p = (n) => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
    }, iso)
    assert.equal(await w.page.getByLabel('Deadline').inputValue(), local)
    await date.fill('2024-06-01')
    await w.page.getByLabel('Start time').fill('07:30')
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /Choose 2025-01-01 or later\./))
    assert.match(await fieldText(w, 1), /Choose 08:00 or later\./)
    await date.fill('2025-03-04')
    await w.page.getByLabel('Start time').fill('09:05')
    await w.page.getByLabel('Deadline').fill('2025-06-30T17:00')
    await clickSubmit(w)
    const expectedIso = await w.page.evaluate(() => new Date('2025-06-30T17:00').toISOString())
    assert.deepEqual((await w.waitForPosted('submit')).values, [{ year: 2025, month: 3, day: 4 }, { hour: 9, minute: 5 }, expectedIso])
  })

  test('file: a picked file is read to base64; name and size shown; accept from allowedExtensions', async (w) => {
    await w.send(prompt(17, [c.file('Attachment', { allowedExtensions: ['.txt', 'csv'] })]))
    const picker = w.page.getByLabel('Attachment')
    await picker.waitFor({ state: 'attached' })
    assert.equal(await picker.getAttribute('accept'), '.txt,.csv')
    assert.equal(await picker.getAttribute('multiple'), null)
    await picker.setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('hello world') })
    await eventually(async () => assert.match(await fieldText(w, 0), /hello\.txt\s*11 B/))
    await clickSubmit(w)
    const [file] = (await w.waitForPosted('submit')).values
    assert.equal(typeof file.lastModified, 'number')
    assert.deepEqual({ ...file, lastModified: 0 }, { name: 'hello.txt', type: 'text/plain', size: 11, lastModified: 0, data: Buffer.from('hello world').toString('base64') })
  })

  test('file: .multiple() reads several (a 3 MB one in slices), remove drops one, wrong types are refused', async (w) => {
    await w.send(prompt(18, [c.file('Receipts', { allowedExtensions: ['.pdf', '.bin'] }, true)]))
    const picker = w.page.getByLabel('Receipts')
    await picker.waitFor({ state: 'attached' })
    assert.equal(await picker.getAttribute('multiple'), '')
    const big = Buffer.alloc(3 * 1024 * 1024 + 7)
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) % 256
    await picker.setInputFiles([
      { name: 'big.bin', mimeType: 'application/octet-stream', buffer: big },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('nope') },
    ])
    await eventually(async () => assert.match(await fieldText(w, 0), /big\.bin\s*3\.0 MB[\s\S]*notes\.txt\s*4 B/), 10000)
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /notes\.txt is not one of the allowed types/))
    await w.page.getByRole('button', { name: 'Remove notes.txt' }).click()
    await eventually(async () => assert.doesNotMatch(await fieldText(w, 0), /notes\.txt/))
    await picker.setInputFiles({ name: 'r.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1') })
    await eventually(async () => assert.match(await fieldText(w, 0), /r\.pdf/))
    await clickSubmit(w)
    const [files] = (await w.waitForPosted('submit')).values
    assert.deepEqual(files.map((f) => [f.name, f.size]), [['big.bin', big.length], ['r.pdf', 6]])
    assert.equal(files[0].data, big.toString('base64'))
  })

  test('select.single: a named radio group; arrows move, Space/Enter choose (Enter does not submit)', async (w) => {
    await w.send(prompt(19, [c.single('Plan', ['Free', { label: 'Pro', description: 'For teams', image: { url: swatch('#3794ff') } }, 'Enterprise'])]))
    const group = w.page.getByLabel('Plan')
    await group.waitFor()
    assert.equal(await group.getAttribute('role'), 'radiogroup')
    assert.equal(await group.getByRole('radio').count(), 3)
    await eventually(async () => assert.equal(await focusedLabel(w.page).then((l) => l?.startsWith('div:')), true))
    await w.page.keyboard.press('ArrowDown')
    await w.page.keyboard.press('Space')
    assert.equal(await w.page.getByRole('radio', { name: 'Pro' }).getAttribute('aria-checked'), 'true')
    await w.page.keyboard.press('ArrowDown')
    await w.page.keyboard.press('Enter')
    assert.equal(await w.page.getByRole('radio', { name: 'Enterprise' }).getAttribute('aria-checked'), 'true')
    assert.equal(await w.page.getByRole('radio', { name: 'Pro' }).getAttribute('aria-checked'), 'false')
    assert.equal((await submits(w)).length, 0)
    // Tab leaves the group in one step (roving tabindex) and reaches Submit.
    await w.page.keyboard.press('Tab')
    await w.page.keyboard.press('Enter')
    assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 19, values: [2] })
  })

  test('select.single: nothing chosen is refused; long lists get a filter; defaultValue preselects', async (w) => {
    const many = Array.from({ length: 12 }, (_, i) => `Region ${i + 1}`)
    await w.send(prompt(20, [c.single('Region', many), c.single('Size', ['S', 'M', 'L'], { defaultValue: 1 })]))
    await w.page.getByLabel('Region', { exact: true }).waitFor()
    assert.equal(await w.page.getByRole('radio', { name: 'M' }).getAttribute('aria-checked'), 'true')
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /Choose an option\./))
    const filter = w.page.getByTestId('field-0').getByLabel('Filter options')
    await filter.fill('11')
    await eventually(async () => assert.equal(await w.page.getByTestId('field-0').getByRole('radio').count(), 1))
    await filter.press('Enter') // the only match is chosen; the screen is not submitted
    assert.equal(await w.page.getByRole('radio', { name: 'Region 11' }).getAttribute('aria-checked'), 'true')
    assert.equal((await submits(w)).length, 0)
    await filter.fill('zzz')
    await eventually(async () => assert.match(await fieldText(w, 0), /No options match/))
    await filter.fill('')
    await clickSubmit(w)
    assert.deepEqual((await w.waitForPosted('submit')).values, [10, 1])
  })

  test('select.multiple: checkboxes, "n selected", min/max through checkAnswer, indices answered', async (w) => {
    await w.send(prompt(21, [c.multiple('Toppings', ['Cheese', 'Ham', 'Olives', 'Basil', 'Chili'], { minSelections: 2, maxSelections: 3, defaultValue: [1] })]))
    const group = w.page.getByLabel('Toppings')
    await group.waitFor()
    assert.equal(await group.getAttribute('role'), 'group')
    assert.equal(await w.page.getByTestId('selected-count').textContent(), '1 selected of at most 3')
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /Choose at least 2\./))
    for (const name of ['Chili', 'Cheese', 'Basil']) await w.page.getByRole('checkbox', { name }).click()
    await clickSubmit(w)
    await eventually(async () => assert.match(await fieldText(w, 0), /Choose at most 3\./))
    assert.equal(await w.page.getByTestId('selected-count').textContent(), '4 selected of at most 3')
    // Keyboard: Space toggles the focused box.
    await w.page.getByRole('checkbox', { name: 'Ham' }).focus()
    await w.page.keyboard.press('Space')
    assert.equal(await w.page.getByRole('checkbox', { name: 'Ham' }).getAttribute('aria-checked'), 'false')
    await clickSubmit(w)
    assert.deepEqual((await w.waitForPosted('submit')).values, [[0, 3, 4]])
  })

  test('search: debounced request, older results never overwrite newer ones, pick → key', async (w) => {
    await w.send(prompt(22, [c.text('Note'), c.search('Customer', { placeholder: 'Name or email', initialResults: [result('c-grace', 'Grace Hopper', 'grace@example.com')] })]))
    const box = w.page.getByLabel('Customer')
    await box.waitFor()
    assert.equal(await box.getAttribute('role'), 'combobox')
    assert.equal(await w.page.getByRole('option', { name: 'Grace Hopper' }).count(), 1) // initial results before typing
    await box.click()
    await box.pressSequentially('a')
    const first = await w.waitForPosted('search')
    assert.deepEqual({ ...first, requestId: 0 }, { type: 'search', seq: 22, index: 1, requestId: 0, query: 'a' })
    await box.pressSequentially('d')
    await eventually(async () => assert.equal((await w.posted()).filter((m) => m.type === 'search').length, 2))
    const second = (await w.posted()).filter((m) => m.type === 'search').at(-1)
    assert.equal(second.query, 'ad')
    assert.ok(second.requestId > first.requestId)
    assert.match(await fieldText(w, 1), /Searching/)
    await w.send(searchResults(22, 1, second.requestId, [result('c-ada', 'Ada Lovelace', 'ada@example.com')]))
    await w.page.getByRole('option', { name: 'Ada Lovelace' }).waitFor()
    // The slower answer to "a" arrives last: ignored.
    await w.send(searchResults(22, 1, first.requestId, [result('c-alan', 'Alan Turing')]))
    await w.page.waitForTimeout(150)
    assert.equal(await w.page.getByRole('option', { name: 'Alan Turing' }).count(), 0)
    assert.equal(await w.page.getByRole('option', { name: 'Ada Lovelace' }).count(), 1)
    // Results for another field or screen are not ours either.
    await w.send(searchResults(21, 1, second.requestId, [result('x', 'Wrong screen')]))
    await w.page.waitForTimeout(100)
    assert.equal(await w.page.getByRole('option', { name: 'Wrong screen' }).count(), 0)
    await box.press('ArrowDown')
    await box.press('Enter') // picks Ada, does not submit
    assert.equal((await submits(w)).length, 0)
    await eventually(async () => assert.equal(await w.page.getByTestId('chip').count(), 1))
    assert.match(await textOf(w.page.getByTestId('chip')), /Ada Lovelace/)
    await w.page.getByLabel('Note').fill('n')
    await clickSubmit(w)
    assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 22, values: ['n', 'c-ada'] })
  })

  test('search: no results, error, and .multiple() chips with remove', async (w) => {
    await w.send(prompt(23, [c.search('Users', { defaultValue: [result('u1', 'Ada Lovelace')] }, true)]))
    const box = w.page.getByLabel('Users')
    await box.waitFor()
    assert.equal(await w.page.getByTestId('chip').count(), 1)
    await box.fill('zz')
    const req = await w.waitForPosted('search')
    await w.send(searchResults(23, 0, req.requestId, []))
    await eventually(async () => assert.match(await fieldText(w, 0), /No results for “zz”/))
    await box.fill('boom')
    await eventually(async () => assert.equal((await w.posted()).filter((m) => m.type === 'search').at(-1).query, 'boom'))
    const failing = (await w.posted()).filter((m) => m.type === 'search').at(-1)
    await w.send(searchResults(23, 0, failing.requestId, [], 'Database unavailable'))
    await eventually(async () => assert.match(await textOf(w.page.getByTestId('field-0').getByRole('alert')), /Database unavailable/))
    await box.fill('gr')
    await eventually(async () => assert.equal((await w.posted()).filter((m) => m.type === 'search').at(-1).query, 'gr'))
    const ok = (await w.posted()).filter((m) => m.type === 'search').at(-1)
    await w.send(searchResults(23, 0, ok.requestId, [result('u2', 'Grace Hopper'), result('u3', 'Greta Garbo')]))
    await w.page.getByRole('option', { name: 'Grace Hopper' }).click()
    await w.page.getByRole('option', { name: 'Greta Garbo' }).click()
    await eventually(async () => assert.equal(await w.page.getByTestId('chip').count(), 3))
    await w.page.getByRole('button', { name: 'Remove Ada Lovelace' }).click()
    await eventually(async () => assert.equal(await w.page.getByTestId('chip').count(), 2))
    await clickSubmit(w)
    assert.deepEqual((await w.waitForPosted('submit')).values, [['u2', 'u3']])
  })

  test('search: a re-sent screen keeps the query and chosen labels; the next screen starts fresh', async (w) => {
    const screen = (seq, extra) => prompt(seq, [c.search('Customer', { initialResults: [result('c1', 'Ada Lovelace')] })], extra)
    await w.send(screen(31))
    await w.page.getByRole('option', { name: 'Ada Lovelace' }).click()
    const box = w.page.getByLabel('Customer')
    await box.fill('gr')
    await w.waitForPosted('search')
    // The action's .validate() refused it: same seq, the value and an error come back.
    await w.send(screen(31, { values: ['c1'], errors: ['Ada has no charges.'] }))
    await eventually(async () => assert.match(await fieldText(w, 0), /Ada has no charges\./))
    assert.equal(await box.inputValue(), 'gr')
    assert.match(await textOf(w.page.getByTestId('chip')), /Ada Lovelace/)
    await w.send(prompt(32, [c.search('Product', { initialResults: [result('p1', 'Widget')] })]))
    const product = w.page.getByLabel('Product')
    await product.waitFor()
    assert.equal(await product.inputValue(), '')
    assert.equal(await w.page.getByRole('option', { name: 'Widget' }).count(), 1)
    assert.equal(await w.page.getByTestId('chip').count(), 0)
  })

  test('choices replace Submit; a choice posts its value after the checks; Enter does nothing with several', async (w) => {
    const choices = [{ label: 'Approve', value: 'approve', theme: 'primary' }, { label: 'Ask later', value: 'later', theme: 'secondary' }, { label: 'Reject', value: 'reject', theme: 'danger' }]
    await w.send(prompt(24, [c.text('Comment')], { choices }))
    const comment = w.page.getByLabel('Comment')
    await comment.waitFor()
    assert.equal(await w.page.getByRole('button', { name: 'Submit' }).count(), 0)
    assert.equal(await w.page.getByTestId('choice-reject').getAttribute('class'), 'danger')
    await w.page.getByRole('button', { name: 'Reject' }).click()
    await eventually(async () => assert.match(await fieldText(w, 0), /This field is required\./))
    await comment.fill('Looks wrong')
    await comment.press('Enter')
    await w.page.waitForTimeout(100)
    assert.equal((await submits(w)).length, 0)
    await w.page.getByRole('button', { name: 'Reject' }).click()
    assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 24, values: ['Looks wrong'], choice: 'reject' })
  })

  test('a single choice: Enter submits with it', async (w) => {
    await w.send(prompt(25, [c.text('Ticket')], { choices: [{ label: 'Escalate', value: 'esc' }] }))
    await w.page.getByLabel('Ticket').fill('T-9')
    await w.page.getByLabel('Ticket').press('Enter')
    assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 25, values: ['T-9'], choice: 'esc' })
  })

  test('formError is shown above the buttons and announced; field errors stay next to fields', async (w) => {
    await w.send(prompt(26, [c.number('Split A'), c.number('Split B')], {
      values: ['60', '60'], errors: [null, 'Too high.'], formError: 'The splits must add up to 100.',
    }))
    const alert = w.page.getByTestId('form-error')
    await alert.waitFor()
    assert.equal(await alert.getAttribute('role'), 'alert')
    assert.equal(await alert.textContent(), 'The splits must add up to 100.')
    assert.match(await fieldText(w, 1), /Too high\./)
    // Above the Submit button.
    const [a, b] = await Promise.all([alert.boundingBox(), w.page.getByRole('button', { name: 'Submit' }).boundingBox()])
    assert.ok(a.y < b.y)
    await w.page.getByLabel('Split B').fill('40')
    await clickSubmit(w)
    assert.deepEqual((await w.waitForPosted('submit')).values, [60, 40])
  })

  test('confirmIdentity: a waiting message, no Submit, Enter posts nothing', async (w) => {
    await w.send(prompt(27, [c.confirmIdentity('Confirm it is you before deleting the workspace')]))
    const box = w.page.getByTestId('confirm-identity')
    await box.waitFor()
    assert.match(await textOf(box), /Confirm your identity in the dialog VS Code shows/)
    assert.equal(await w.page.getByRole('button', { name: 'Submit' }).count(), 0)
    await w.page.keyboard.press('Enter')
    await w.page.waitForTimeout(100)
    assert.equal((await submits(w)).length, 0)
  })

  test('confirm: a destructive question gets a danger Yes; a harmless one does not', async (w) => {
    await w.send(prompt(28, [c.confirm('Delete 3 users?')]))
    // The role=button is the toolkit's inner <button>; the theme class sits on its <vscode-button> host.
    const isDanger = () => w.page.getByRole('button', { name: 'Yes' }).evaluate((b) => b.getRootNode().host.classList.contains('danger'))
    await w.page.getByRole('button', { name: 'Yes' }).waitFor()
    assert.equal(await isDanger(), true)
    await w.send(prompt(29, [c.confirm('Send the weekly report?')]))
    await w.page.getByText('Send the weekly report?').waitFor()
    assert.equal(await isDanger(), false)
  })

  test('drafts keep typed inputs across a hidden panel (but not file contents)', async (w, ctx) => {
    await w.send(prompt(30, [c.slider('Level', { min: 1, max: 5 }), c.multiple('Days', ['Mon', 'Tue', 'Wed']), c.file('Upload')]))
    await w.page.getByLabel('Level').focus()
    await w.page.keyboard.press('ArrowRight')
    await w.page.getByRole('checkbox', { name: 'Tue' }).click()
    await w.page.getByLabel('Upload').setInputFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('a') })
    await eventually(async () => assert.match(await fieldText(w, 2), /a\.txt/))
    const saved = await w.savedState()
    assert.deepEqual(saved.draft.values, [2, [1], null])
    const again = await ctx.open({ savedState: saved })
    await again.page.getByLabel('Level').waitFor()
    assert.equal(await again.page.getByLabel('Level').inputValue(), '2')
    assert.equal(await again.page.getByRole('checkbox', { name: 'Tue' }).getAttribute('aria-checked'), 'true')
    // The host is told too (files left out), so a new tab after a reload or crash starts from it.
    assert.deepEqual((await w.posted()).filter((m) => m.type === 'draft').at(-1), { type: 'draft', seq: 30, values: [2, [1], null] })
  })

  test('a new tab of a resumed run starts from the typing the host kept, not over its own', async (w, ctx) => {
    const resumed = prompt(31, [c.text('Note'), c.text('Reference')])
    resumed.state.draft = { seq: 31, values: ['Sorry for the wait', null] }
    await w.send(resumed)
    await w.page.getByLabel('Note').waitFor()
    assert.equal(await w.page.getByLabel('Note').inputValue(), 'Sorry for the wait')
    // A tab with typing of its own (revived by VS Code) keeps it.
    await w.page.getByLabel('Reference').fill('r-7')
    const again = await ctx.open({ savedState: await w.savedState() })
    await again.send(resumed)
    await again.page.getByLabel('Reference').waitFor()
    assert.equal(await again.page.getByLabel('Reference').inputValue(), 'r-7')
    // A tab that drew the screen before the host's draft came (VS Code revived it without one) takes it then,
    // unless the person already typed there.
    const third = await ctx.open()
    const bare = prompt(33, [c.text('Note')])
    await third.send(bare)
    await third.page.getByLabel('Note').waitFor()
    const late = prompt(33, [c.text('Note')])
    late.state.draft = { seq: 33, values: ['kept by the host'] }
    await third.send(late)
    await eventually(async () => assert.equal(await third.page.getByLabel('Note').inputValue(), 'kept by the host'))
    await third.page.getByLabel('Note').fill('typed here')
    await third.send(late)
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(await third.page.getByLabel('Note').inputValue(), 'typed here')
    // A draft for another screen is not used.
    const other = prompt(32, [c.text('Later')])
    other.state.draft = { seq: 31, values: ['stale'] }
    await w.send(other)
    await w.page.getByLabel('Later').waitFor()
    assert.equal(await w.page.getByLabel('Later').inputValue(), '')
  })

  // ---- screenshots (light, dark, high-contrast) -----------------------------

  shot('inputs', async (w) => {
    await w.send(prompt(40, [
      c.slider('Discount', { min: 0, max: 50, step: 5, defaultValue: 15, helpText: 'Percent off the next invoice' }),
      c.richText('Message to the customer'),
      c.url('Ticket link', { placeholder: 'https://support.example.com/…' }),
      c.date('Effective date', { min: { year: 2025, month: 1, day: 1 } }),
      c.time('Send at'),
      c.datetime('Expires'),
      c.file('Receipt', { allowedExtensions: ['.pdf'] }),
    ], {
      values: [15, '<h2>Sorry!</h2><p>We refunded <strong>2 charges</strong> of <a href="https://example.com/">your order</a>:</p><ul><li>ch_1</li><li><em>ch_2</em></li></ul>', 'ftp://example.com', { year: 2024, month: 5, day: 2 }, { hour: 9, minute: 30 }, '2025-05-01T16:00:00.000Z',
        { name: 'receipt-0042.pdf', type: 'application/pdf', size: 48213, lastModified: 0, data: 'JVBERi0=' }],
      errors: [null, null, 'Use a URL starting with http:// or https://.', 'Choose 2025-01-01 or later.', null, null, null],
    }))
    await w.page.getByLabel('Discount').waitFor()
    await w.page.evaluate(() => document.activeElement?.blur?.())
  })

  shot('selects', async (w) => {
    await w.send(prompt(41, [
      c.single('Plan', [
        { label: 'Free', description: 'Up to 3 users', image: { url: swatch('#73c991') } },
        { label: 'Pro', description: 'For teams, billed monthly', image: { url: swatch('#3794ff') } },
        { label: 'Enterprise', description: 'SSO, audit log, support', image: { url: swatch('#c586c0') } },
      ], { defaultValue: 1 }),
      c.multiple('Notify', ['Account owner', 'Billing contact', 'Support team', 'Sales rep'], { minSelections: 1, maxSelections: 2, defaultValue: [0, 2] }),
    ], {
      choices: [{ label: 'Refund', value: 'refund', theme: 'danger' }, { label: 'Save draft', value: 'draft', theme: 'secondary' }],
      formError: 'Choose a plan the customer can afford.',
    }))
    await w.page.getByLabel('Plan').waitFor()
    await w.page.evaluate(() => document.activeElement?.blur?.())
  })

  shot('search', async (w) => {
    await w.send(prompt(42, [c.search('Customer', { placeholder: 'Name or email' }, true)], {}))
    const box = w.page.getByLabel('Customer')
    await box.waitFor()
    await box.fill('ad')
    await w.waitForPosted('search')
    const req = (await w.posted()).filter((m) => m.type === 'search').at(-1)
    await w.send(searchResults(42, 0, req.requestId, [
      result('c1', 'Ada Lovelace', 'ada@example.com · 3 charges', { url: swatch('#3794ff') }),
      result('c2', 'Adam Smith', 'adam@example.com · 1 charge', { url: swatch('#73c991') }),
      result('c3', 'Adele Goldberg', 'adele@example.com · no charges'),
    ]))
    await w.page.getByRole('option', { name: 'Ada Lovelace' }).click()
    await box.press('ArrowDown')
  })

  shot('confirm-danger', async (w) => {
    await w.send(prompt(43, [c.confirm('Refund $42 to Ada?', { helpText: 'This cannot be undone.' })]))
    await w.page.getByRole('button', { name: 'Yes' }).waitFor()
  })
}
