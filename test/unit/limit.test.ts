// The catalogs load actions a few at a time: never more than n at once, each in
// turn, a failing one freeing its slot.
import { strict as assert } from 'node:assert'
import { Limiter } from '../../src/core/discovery/limit'

describe('Limiter', () => {
  it('runs at most n tasks at once, all of them, and a failure frees its slot', async () => {
    const limit = new Limiter(3)
    let running = 0
    let most = 0
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => limit.run(async () => {
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 5 + (i % 4) * 3))
      running--
      if (i % 5 === 0) throw new Error(`task ${i}`)
      return i
    })))
    assert.equal(most, 3)
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 16)
    assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message), ['task 0', 'task 5', 'task 10', 'task 15'])
    // Free again afterwards: the next task starts at once.
    assert.equal(await limit.run(async () => 'after'), 'after')
  })
})
