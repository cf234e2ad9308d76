// Restricted phase: code-server runs without --disable-workspace-trust and with
// fresh user data, so the examples folder opens in Restricted Mode.
import * as assert from 'node:assert/strict'
import * as vscode from 'vscode'

describe('restricted mode', () => {
  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false)
  })
})
