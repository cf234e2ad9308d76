import { strict as assert } from 'node:assert'
import { METHODS, answerSchemas, checkAnswer, checkProps, hostToWebviewSchema, isDisplay, parseMessage, propsSchemas, webviewToHostSchema, type Component } from '../../src/core/protocol'

const c = (method: Component['method'], props: Record<string, unknown> = {}, optional = false): Component => ({ method, label: 'L', props, optional })

describe('protocol', () => {
  it('names the method and prop when props are wrong', () => {
    const r = checkProps('INPUT_NUMBER', { currency: 'XYZ' })
    assert.ok(!r.ok && r.error.startsWith('io.input.number: invalid prop "currency"'), JSON.stringify(r))
    const unknown = checkProps('INPUT_TEXT', { colour: 'red' })
    assert.ok(!unknown.ok && unknown.error.includes('"colour"'))
    assert.ok(checkProps('INPUT_TEXT', undefined).ok)
  })

  it('checks text answers: required, lengths, email', () => {
    assert.deepEqual(checkAnswer(c('INPUT_TEXT'), ''), { ok: false, error: 'This field is required.' })
    assert.deepEqual(checkAnswer(c('INPUT_TEXT', {}, true), ''), { ok: true, value: undefined })
    assert.ok(!checkAnswer(c('INPUT_TEXT', { minLength: 3 }), 'ab').ok)
    assert.ok(!checkAnswer(c('INPUT_TEXT', { maxLength: 3 }), 'abcd').ok)
    assert.ok(!checkAnswer(c('INPUT_EMAIL'), 'not-an-email').ok)
    assert.deepEqual(checkAnswer(c('INPUT_EMAIL'), 'a@b.co'), { ok: true, value: 'a@b.co' })
  })

  it('checks numbers: min, max, decimals, currency cents', () => {
    assert.ok(!checkAnswer(c('INPUT_NUMBER', { min: 1 }), 0).ok)
    assert.ok(!checkAnswer(c('INPUT_NUMBER', { max: 1 }), 2).ok)
    assert.ok(!checkAnswer(c('INPUT_NUMBER', { decimals: 0 }), 1.5).ok)
    assert.ok(checkAnswer(c('INPUT_NUMBER'), 1.25).ok)
    assert.ok(!checkAnswer(c('INPUT_NUMBER', { currency: 'USD' }), 1.255).ok)
    assert.deepEqual(checkAnswer(c('INPUT_NUMBER'), '42'), { ok: true, value: 42 })
    assert.ok(!checkAnswer(c('INPUT_NUMBER'), 'abc').ok)
  })

  it('checks booleans and confirmations', () => {
    assert.deepEqual(checkAnswer(c('INPUT_BOOLEAN'), null), { ok: true, value: false })
    assert.deepEqual(checkAnswer(c('CONFIRM'), true), { ok: true, value: true })
    assert.ok(!checkAnswer(c('CONFIRM'), 'yes').ok)
  })

  it('gives a readable reason for malformed messages instead of throwing', () => {
    assert.ok(parseMessage(webviewToHostSchema, { type: 'submit', seq: 1, values: [] }).ok)
    const bad = parseMessage(webviewToHostSchema, { type: 'submit', seq: -1 })
    assert.ok(!bad.ok && bad.reason.includes('seq'))
    assert.ok(!parseMessage(webviewToHostSchema, 'garbage').ok)
    assert.ok(!parseMessage(hostToWebviewSchema, { type: 'state', state: { id: 1 } }).ok)
  })
})

describe('protocol: one props schema and one answer schema per io method', () => {
  it('covers every method, and a wrongly typed answer is refused with a readable message', () => {
    for (const m of METHODS) {
      assert.ok(propsSchemas[m], `props schema for ${m}`)
      assert.ok(answerSchemas[m], `answer schema for ${m}`)
      if (isDisplay(m)) continue
      const r = checkAnswer({ method: m, label: 'L', props: { options: [{ label: 'a' }], min: 0, max: 10 } }, { wrong: true })
      assert.ok(!r.ok && r.error.length > 5, `${m} accepted an object: ${JSON.stringify(r)}`)
    }
  })
})
