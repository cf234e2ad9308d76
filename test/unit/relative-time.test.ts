// How the Schedules and Inbox views say when: "in 40 s", "5 min ago".
import * as assert from 'node:assert/strict'
import { relativeTime } from '../../src/vscode/relativeTime'

describe('relativeTime', () => {
  const now = Date.UTC(2026, 0, 5, 9, 0, 0)
  it('says seconds, minutes, hours and days, ahead and ago', () => {
    assert.equal(relativeTime(now + 40_000, now), 'in 40 s')
    assert.equal(relativeTime(now + 5 * 60_000, now), 'in 5 min')
    assert.equal(relativeTime(now - 3 * 3600_000, now), '3 h ago')
    assert.equal(relativeTime(now + 6 * 86_400_000, now), 'in 6 days')
  })
  it('never says "in 0 s"', () => {
    assert.equal(relativeTime(now, now), 'in 1 s')
    assert.equal(relativeTime(now + 200, now), 'in 1 s')
  })
})
