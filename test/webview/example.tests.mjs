// Shape of a test module: run.mjs imports every test/webview/*.tests.mjs.
import assert from 'node:assert/strict'
import { c, state } from './fixtures.mjs'

export function register(test, shot) {
  test('an io method this view does not draw yet is named, not dropped', async (w) => {
    await w.send(state({ feed: [{ method: 'DISPLAY_VIDEO', label: 'Demo', props: { url: 'https://example.com/v.mp4' } }] }))
    await w.page.getByText('Demo').first().waitFor()
    assert.ok(true)
  })
  shot('markdown-feed', (w) => w.send(state({ feed: [c.markdown('# Title\n\nSome *markdown*.')] })))
}
