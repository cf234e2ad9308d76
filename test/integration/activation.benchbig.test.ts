// After the bench phase's reload, in a workspace of 1,000 action files with a
// History of 100,000 runs: activation again (it must not grow with them), and
// how long the first search for actions and History's first page take.
import { readFileSync, writeFileSync } from 'node:fs'
import { BIG, benchOut } from './benchFiles'
import { api, until } from './extension'

describe('activation with a big workspace and History', function () {
  this.timeout(600_000)

  it('measures activation with 1,000 action files and 100,000 runs', async () => {
    const a = await api()
    const t0 = performance.now()
    await a.indexed
    const indexedMs = performance.now() - t0
    const t1 = performance.now()
    const page = a.history.query({ limit: 50 })
    const firstPageMs = performance.now() - t1
    await until('the big actions', () => a.index.all().length >= BIG.actions, 300_000)
    const file = benchOut()
    const data = JSON.parse(readFileSync(file, 'utf8'))
    data.big = { ...BIG, activationMs: a.activationMs, beforeActivateMs: a.beforeActivateMs, indexedAfterActivationMs: indexedMs, historyFirstPageMs: firstPageMs, historyTotal: page.total }
    writeFileSync(file, JSON.stringify(data, null, 1))
  })
})
