// Issue 3 in real VS Code: a group with a search, a validation across fields
// and choices; and the modifiers flow ending in a modal identity check.
import * as assert from 'node:assert/strict'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { finished, run, setUpUiSuite } from './extension'
import { ui } from './ui'

describe('io components in VS Code', function () {
  this.timeout(120_000)
  let a: MiniIntervalApi

  setUpUiSuite((ext) => (a = ext))

  it('a group with a search, a failing group validation and choices', async () => {
    const id = await run('kitchen-sink/invite')
    const panel = { title: 'Invite teammate' }
    await ui.fill('Email to invite', 'ada@example.com', panel)
    await ui.click({ ...panel, role: 'radio', name: 'Editor' })
    await ui.fill('Mentor', 'ada', panel)
    await ui.click({ ...panel, role: 'option', name: 'Ada Lovelace' })
    await ui.screenshot('invite-group-dark')
    await ui.click({ ...panel, role: 'button', name: 'Send invite' })
    // The action's validator refuses the whole group: its message shows, what was typed stays.
    await ui.waitFor({ ...panel, text: 'Someone cannot mentor themselves' })
    assert.equal(await ui.attr({ ...panel, label: 'Email to invite' }, 'value'), 'ada@example.com')
    await ui.screenshot('invite-group-error')
    await ui.fill('Email to invite', 'new@example.com', panel)
    await ui.click({ ...panel, role: 'button', name: 'Send invite' })
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { invited: 'new@example.com', role: 'Editor', mentor: 'Ada Lovelace' })
    assert.equal(r.steps.at(-1)?.choice, 'invite', 'the choice is in the history')
  })

  // VS Code refuses modal dialogs while extension tests run ("DialogService: refused to show
  // dialog in tests"), so this covers the refusal path: not confirmed, and the action goes on.
  it('validation, choices, a group check, and io.confirmIdentity when the dialog is refused', async () => {
    const id = await run('kitchen-sink/modifiers')
    const panel = { title: 'Kitchen sink: modifiers' }
    await ui.click({ ...panel, role: 'button', name: 'Submit' }) // optional nickname left empty
    await ui.fill('Invite code', 'abcd', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'Use four capital letters' })
    await ui.fill('Invite code', 'USED', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'That code was already used' }) // the async validator
    await ui.fill('Invite code', 'WXYZ', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.fill('Credit to grant', '25', panel)
    await ui.click({ ...panel, role: 'button', name: 'Grant' })
    await ui.fill('First name', 'Ada', panel)
    await ui.fill('Last name', 'ada', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    await ui.waitFor({ ...panel, text: 'First and last name must differ' })
    await ui.fill('Last name', 'Lovelace', panel)
    await ui.click({ ...panel, role: 'button', name: 'Submit' })
    const r = await finished(a, id)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { nickname: '(none)', code: 'WXYZ', choice: 'grant', amount: 25, name: 'Ada Lovelace', verified: false })
  })

  it('every display renders in the feed, and a route link starts that action with its params', async () => {
    await run('kitchen-sink/displays')
    const panel = { title: 'Kitchen sink: displays' }
    await ui.waitFor({ ...panel, text: 'Account overview' })
    await ui.waitFor({ ...panel, text: '$1,280.00' }) // a metadata promise resolved
    for (const theme of ['light', 'dark', 'hc'] as const) {
      await ui.setTheme(theme)
      await ui.screenshot(`displays-${theme}`)
    }
    await ui.setTheme('dark')
    await ui.click({ ...panel, role: 'link', name: 'Open the refund tool' })
    await ui.waitFor({ title: 'Refund customer', label: 'Customer email' })
    const refund = a.transactions.running().find((t) => t.action.slug === 'billing/refund')
    assert.ok(refund, 'the refund action started')
    assert.deepEqual(a.history.read(refund.id).params, { email: 'ada@example.com' })
  })
})
