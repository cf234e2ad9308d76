// Issue 9: the extension host is killed (SIGKILL, not a reload) while a
// ctx.run step runs. This phase starts the refund, answers it up to its slow
// email step and, once the step runs, asks the runner to kill this process
// when the phase has reported. durable.aftercrash.test.ts checks the rest.
import * as assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { api, closeEditors, indexSettled, until } from './extension'
import { ui } from './ui'
import { leftFile, refundTwoAnswersIn } from './leftBehind'

describe('before the extension host is killed', function () {
  this.timeout(90_000)

  it('leaves the refund inside its slow email step', async () => {
    const a = await api()
    await indexSettled(a)
    await closeEditors(a)
    const id = await refundTwoAnswersIn(a.history.dir, 'crash-outbox.log', 'ord_9', '9', 6000)
    const panel = { title: 'Refund order' }
    await ui.fill('Note to the customer', 'On its way', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const tx = a.transactions.get(id)!
    await until('the email step to run', () => tx.view.step?.name === 'email')
    await ui.waitFor({ ...panel, text: 'email' })
    await ui.screenshot('durable-step-running')
    assert.equal(a.history.read(id).durableSteps.find((s) => s.name === 'email')?.status, 'running')
    writeFileSync(leftFile(a.history.dir, 'crash-tx'), id)
    await ui.op('killMeAfterReport', { pid: process.pid })
  })
})
