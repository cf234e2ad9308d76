import { strict as assert } from 'node:assert'
import { actionFileStem, actionTemplate, checkActionName } from '../../src/core/authoring/newAction'
import { defaultExportLine } from '../../src/core/authoring/defaultExport'
import { waitWithNotice } from '../../src/core/slowWait'
import { answerAll } from './helpers'

describe('authoring', () => {
  it('names the file after the action', () => {
    assert.equal(actionFileStem('Refund customer!'), 'refund-customer')
    assert.equal(actionFileStem('  Crème brûlée  '), 'creme-brulee')
    assert.equal(actionFileStem('v2: Sync_Users'), 'v2-sync-users')
    assert.equal(actionFileStem('x'.repeat(100)).length, 60)
  })

  it('refuses names that cannot name a file', () => {
    assert.equal(checkActionName('Refund customer'), undefined)
    assert.match(checkActionName('   ') ?? '', /name/)
    assert.match(checkActionName('!!!') ?? '', /letter or digit/)
    assert.match(checkActionName('a\nb') ?? '', /one line/)
    assert.match(checkActionName('a'.repeat(81)) ?? '', /80/)
  })

  it('writes an action that runs as written (input, log, result)', async () => {
    const source = actionTemplate("Ada's \\ greeter */")
    assert.match(source, /name: 'Ada\\'s \\\\ greeter \*\/'/)
    const { record } = await answerAll(source, [['Grace']])
    assert.equal(record.status, 'completed', JSON.stringify(record.error))
    assert.deepEqual(record.result, { greeting: 'Hello, Grace!', letters: 5 })
    assert.ok(record.logs.some((l) => l.includes('Greeting Grace')), JSON.stringify(record.logs))
  })

  it('finds the line of the default export', () => {
    assert.equal(defaultExportLine("import x from 'y'\n\nexport default defineAction({})"), 2)
    assert.equal(defaultExportLine('// export default in a comment\r\nexport default async () => 1'), 1)
    assert.equal(defaultExportLine('const a = 1\nmodule.exports = { handler }'), 1)
    assert.equal(defaultExportLine('export const a = 1'), undefined)
  })
})

describe('waitWithNotice', () => {
  const later = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms))

  it('waits for the work and says nothing when it is quick', async () => {
    let slow = 0
    let done = false
    const wait = waitWithNotice(later(20, 'x').then(() => (done = true)), 200, () => slow++)
    await wait
    assert.equal(done, true)
    assert.equal(slow, 0)
  })

  it('calls onSlow once with a promise that ends with the work', async () => {
    const calls: Promise<void>[] = []
    let done = false
    await waitWithNotice(later(80, 'x').then(() => (done = true)), 10, (p) => calls.push(p))
    assert.equal(done, true)
    assert.equal(calls.length, 1)
    await calls[0]
  })

  it('goes on when the work fails', async () => {
    await waitWithNotice(Promise.reject(new Error('boom')), 10, () => undefined)
  })
})
