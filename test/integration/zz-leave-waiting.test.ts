// Runs last in the main phase (files run in name order): leaves a transaction
// waiting for input, so the reload phase can check it is recorded as interrupted.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { api, closeEditors, indexSettled, run } from './extension'
import { ui } from './ui'

describe('before the reload', function () {
  this.timeout(60_000)

  it('leaves a transaction waiting for input', async () => {
    const a = await api()
    await indexSettled(a)
    await closeEditors(a)
    const id = await run('hello')
    await ui.waitFor({ title: 'Hello', label: 'Your name' })
    // Global storage survives the reload; the reload phase reads the id from there.
    writeFileSync(join(a.history.dir, '..', 'pending-tx.txt'), id)
  })
})
