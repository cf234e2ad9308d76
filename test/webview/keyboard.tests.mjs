// Keyboard-only use: Tab walks the fields in order, Escape never loses what was typed.
import assert from 'node:assert/strict'
import { c, state } from './fixtures.mjs'
import { eventually, focusedLabel } from './util.mjs'

export function register(test) {
  test('keyboard: Tab moves field to field in order; Escape keeps typed input and posts nothing', async (w) => {
    await w.send(state({ prompt: { seq: 4, components: [c.text('First'), c.text('Notes', { multiline: true }), c.number('Count'), c.url('Site')] } }))
    const first = w.page.getByLabel('First')
    await first.waitFor()
    await eventually(async () => assert.equal(await focusedLabel(w.page), 'input:First'))
    await w.page.keyboard.type('Ada')
    await w.page.keyboard.press('Escape')
    await w.page.keyboard.press('Tab')
    await eventually(async () => assert.equal(await focusedLabel(w.page), 'textarea:Notes'))
    await w.page.keyboard.type('line one')
    await w.page.keyboard.press('Escape')
    await w.page.keyboard.press('Tab')
    await eventually(async () => assert.match(await focusedLabel(w.page), /:Count$/))
    await w.page.keyboard.type('7')
    await w.page.keyboard.press('Escape')
    await w.page.keyboard.press('Tab')
    await w.page.keyboard.type('https://example.com')
    await w.page.keyboard.press('Escape')
    assert.equal(await first.inputValue(), 'Ada')
    assert.equal(await w.page.getByLabel('Notes').inputValue(), 'line one')
    assert.equal(await w.page.getByLabel('Count').inputValue(), '7')
    assert.equal(await w.page.getByLabel('Site').inputValue(), 'https://example.com')
    assert.deepEqual((await w.posted()).filter((m) => m.type !== 'ready' && m.type !== 'draft'), [], 'Escape posts nothing (no cancel, no submit; typing is kept as drafts)')
    await w.page.getByRole('button', { name: 'Submit' }).click()
    assert.deepEqual(await w.waitForPosted('submit'), { type: 'submit', seq: 4, values: ['Ada', 'line one', 7, 'https://example.com'] })
  })

  test('keyboard: Enter sends one answer per screen; the screen shows it is busy a moment later, and the next screen is ready at once', async (w) => {
    await w.send(state({ prompt: { seq: 5, components: [c.text('Name')] } }))
    const name = w.page.getByLabel('Name')
    await name.fill('Ada')
    await name.press('Enter')
    await name.press('Enter')
    await w.page.getByRole('button', { name: 'Submit' }).click({ force: true })
    await eventually(async () => assert.equal(await w.page.getByRole('button', { name: 'Submit' }).isDisabled(), true))
    assert.deepEqual((await w.posted()).filter((m) => m.type === 'submit'), [{ type: 'submit', seq: 5, values: ['Ada'] }])
    await w.send(state({ prompt: { seq: 6, components: [c.text('Next')] } }))
    await w.page.getByLabel('Next').fill('Grace')
    await w.page.getByLabel('Next').press('Enter')
    await eventually(async () => assert.deepEqual((await w.posted()).filter((m) => m.type === 'submit').map((m) => m.seq), [5, 6]))
  })
}
