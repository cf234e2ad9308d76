// Helpers shared by the webview tests.

/** Polls until fn() stops throwing (locators are async, renders are too). */
export async function eventually(fn, timeout = 3000) {
  const end = Date.now() + timeout
  for (;;) {
    try { return await fn() } catch (e) { if (Date.now() > end) throw e }
    await new Promise((r) => setTimeout(r, 50))
  }
}
/** Visible-tree text of an element, through shadow roots and slots (textContent stops at shadow roots). */
export const textOf = (locator) => locator.evaluate((root) => {
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) return n.data
    if (n.nodeType !== Node.ELEMENT_NODE && n.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return ''
    if (n.localName === 'style' || n.localName === 'script') return ''
    if (n.localName === 'slot') return n.assignedNodes({ flatten: true }).map(walk).join(' ')
    const kids = n.shadowRoot ? n.shadowRoot.childNodes : n.childNodes
    return [...kids].map(walk).join(' ')
  }
  return walk(root).replace(/\s+/g, ' ').trim()
})

/** The deepest focused element's accessible label (through shadow roots). */
export const focusedLabel = (page) => page.evaluate(() => {
  let el = document.activeElement
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
  return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? ''}` : null
})

