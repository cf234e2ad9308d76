// The panel's outgoing messages to a server transaction: in order, drafts
// coalesced, an answer dropping its draft, refusals dropped and reported, and
// an unreachable server keeping the message until the next flush.
import * as assert from 'node:assert/strict'
import type { WebviewToHost } from '../../src/core/protocol'
import { ServerError } from '../../src/core/remote/client'
import { Outbox } from '../../src/core/remote/outbox'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function harness(fail: (m: WebviewToHost) => Error | undefined = () => undefined) {
  const sent: WebviewToHost[] = []
  const refused: string[] = []
  const waiting: string[] = []
  const box = new Outbox(
    async (m) => {
      await sleep(5) // a round trip: later pushes queue behind it
      const e = fail(m)
      if (e) throw e
      sent.push(m)
    },
    { refused: (m, e) => refused.push(`${m.type}: ${e.message}`), waiting: (m) => waiting.push(m.type) },
    30,
  )
  return { box, sent, refused, waiting }
}

const draft = (text: string): WebviewToHost => ({ type: 'draft', seq: 1, values: [text] })

describe('Outbox (a panel\'s messages to a server transaction)', () => {
  it('sends in order, one at a time', async () => {
    const { box, sent } = harness()
    box.push({ type: 'search', seq: 1, index: 0, requestId: 1, query: 'a' })
    box.push({ type: 'search', seq: 1, index: 0, requestId: 2, query: 'ab' })
    box.push({ type: 'cancel' })
    await sleep(60)
    assert.deepEqual(sent.map((m) => (m.type === 'search' ? m.requestId : m.type)), [1, 2, 'cancel'])
  })

  it('coalesces drafts into the newest, and an answer drops the draft it supersedes', async () => {
    const { box, sent } = harness()
    box.push(draft('A'))
    box.push(draft('Ad'))
    box.push(draft('Ada'))
    await sleep(80)
    assert.deepEqual(sent, [draft('Ada')])
    box.push(draft('Ada L'))
    box.push({ type: 'submit', seq: 1, values: ['Ada L'] })
    await sleep(80)
    assert.deepEqual(sent.map((m) => m.type), ['draft', 'submit'])
  })

  it('sends a waiting draft before a later message of another kind', async () => {
    const { box, sent } = harness()
    box.push(draft('x'))
    box.push({ type: 'search', seq: 1, index: 0, requestId: 3, query: 'x' })
    await sleep(60)
    assert.deepEqual(sent.map((m) => m.type), ['draft', 'search'])
  })

  it('drops a refused message, says so, and goes on with the next', async () => {
    const { box, sent, refused } = harness((m) => (m.type === 'resume' ? new ServerError('Transaction t is not running here.', 409) : undefined))
    box.push({ type: 'resume' })
    box.push({ type: 'cancel' })
    await sleep(60)
    assert.deepEqual(refused, ['resume: Transaction t is not running here.'])
    assert.deepEqual(sent.map((m) => m.type), ['cancel'])
  })

  it('keeps the message while the server is unreachable, and sends it (then the rest) on flush', async () => {
    let down = true
    const { box, sent, waiting } = harness(() => (down ? new ServerError('cannot be reached', 0) : undefined))
    box.push({ type: 'submit', seq: 2, values: [1] })
    box.push({ type: 'cancel' })
    await sleep(40)
    assert.equal(sent.length, 0)
    assert.equal(box.pending, 2)
    assert.ok(waiting.length >= 1)
    down = false
    await box.flush()
    assert.deepEqual(sent.map((m) => m.type), ['submit', 'cancel'])
    assert.equal(box.pending, 0)
  })

  it('close() stops sending and hands back the draft not sent yet', async () => {
    const { box, sent } = harness()
    box.push(draft('unsent'))
    assert.deepEqual(box.close(), draft('unsent'))
    box.push({ type: 'cancel' })
    await sleep(60)
    assert.deepEqual(sent, [])
  })
})
