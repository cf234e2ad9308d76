// The rich-text allowlist. HTML from an action (defaultValue) and the editor's
// own DOM both go through it: nodes are rebuilt with createElement /
// createTextNode (loading) or written out with escaped text (answering), so
// nothing outside the list — attributes, handlers, scripts, styles — survives.

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'blockquote', 'code'])
/** Other spellings the editor (execCommand) or pasted HTML use for allowed tags. */
const RENAME: Record<string, string> = { b: 'strong', i: 'em', div: 'p', h1: 'h2', h4: 'h3', h5: 'h3', h6: 'h3', pre: 'p' }
/** Dropped with everything inside them. */
const DROP = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'svg', 'math', 'head', 'title', 'meta', 'link', 'img', 'video', 'audio', 'canvas', 'form', 'input', 'button', 'select', 'textarea'])
const BLOCKS = new Set(['p', 'ul', 'ol', 'h2', 'h3', 'blockquote'])
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/** An href kept only when it is an absolute http(s) or mailto URL. */
export function safeHref(href: string | null): string | null {
  if (!href) return null
  try {
    const url = new URL(href.trim())
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null
  } catch {
    return null
  }
}

/** The allowed tag an element maps to; null = unwrap (keep children), 'drop' = remove with children. */
function mapTag(el: Element): string | null | 'drop' {
  const tag = el.localName
  if (DROP.has(tag)) return 'drop'
  const t = RENAME[tag] ?? tag
  if (!ALLOWED.has(t)) return null
  if (t === 'a' && !safeHref(el.getAttribute('href'))) return null
  return t
}

/** Copies `from`'s children into `to` through the allowlist, building fresh nodes in `doc`. */
function rebuild(from: Node, to: Node, doc: Document): void {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      to.appendChild(doc.createTextNode(child.nodeValue ?? ''))
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue
    const tag = mapTag(child as Element)
    if (tag === 'drop') continue
    if (tag === null) {
      rebuild(child, to, doc)
      continue
    }
    const el = doc.createElement(tag)
    if (tag === 'a') el.setAttribute('href', safeHref((child as Element).getAttribute('href'))!)
    rebuild(child, el, doc)
    to.appendChild(el)
  }
}

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g
const HREF = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i

/**
 * Drops every attribute but an <a>'s href from the markup before it is parsed.
 * Not the safety boundary (rebuild() is): Chrome reports a CSP violation for
 * each on*= / style= it merely parses, even in an inert DOMParser document,
 * and the panel must stay free of violation reports.
 */
function stripAttributes(htmlText: string): string {
  return htmlText.replace(TAG, (_m, name: string, attrs: string) => {
    if (name.toLowerCase() !== 'a') return `<${name}>`
    const m = HREF.exec(attrs)
    const href = m ? (m[1] ?? m[2] ?? m[3] ?? '') : ''
    return href ? `<a href="${href.replace(/"/g, '&quot;')}">` : '<a>'
  })
}

/**
 * Fills `target` (the editor) from untrusted HTML. DOMParser documents are
 * inert: no scripts run and no images load while we read them; only nodes
 * on the allowlist are rebuilt in the real document.
 */
export function loadHtml(target: HTMLElement, htmlText: string): void {
  target.replaceChildren()
  if (!htmlText) return
  const parsed = new DOMParser().parseFromString(stripAttributes(htmlText), 'text/html')
  const frag = target.ownerDocument.createDocumentFragment()
  rebuild(parsed.body, frag, target.ownerDocument)
  target.appendChild(frag)
}

const escapeText = (s: string): string => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
const escapeAttr = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function write(node: Node): string {
  let out = ''
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      out += escapeText((child.nodeValue ?? '').replace(/\u00a0/g, ' '))
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue
    const tag = mapTag(child as Element)
    if (tag === 'drop') continue
    if (tag === null) {
      out += write(child)
      continue
    }
    if (tag === 'br') {
      out += '<br>'
      continue
    }
    if ((tag === 'p' || tag === 'h2' || tag === 'h3') && hasBlockChild(child)) {
      // Chrome's list commands can leave a <ul> inside a <p>: write the runs around it as blocks of their own.
      out += splitBlocks(child, tag)
      continue
    }
    const attrs = tag === 'a' ? ` href="${escapeAttr(safeHref((child as Element).getAttribute('href'))!)}"` : ''
    out += `<${tag}${attrs}>${write(child)}</${tag}>`
  }
  return out
}

const isBlock = (n: Node): boolean => {
  if (n.nodeType !== Node.ELEMENT_NODE) return false
  const tag = mapTag(n as Element)
  return typeof tag === 'string' && BLOCKS.has(tag)
}
const hasBlockChild = (n: Node): boolean => Array.from(n.childNodes).some(isBlock)

function splitBlocks(node: Node, tag: string): string {
  let out = ''
  const run = (node.ownerDocument ?? document).createElement('div')
  const flush = () => {
    const inner = write(run)
    if (inner.replace(/<br>/g, '').trim()) out += `<${tag}>${inner}</${tag}>`
    run.replaceChildren()
  }
  for (const child of Array.from(node.childNodes)) {
    if (isBlock(child)) {
      flush()
      out += write(wrapOne(child))
    } else {
      run.appendChild(child.cloneNode(true))
    }
  }
  flush()
  return out
}

function wrapOne(n: Node): Node {
  const holder = (n.ownerDocument ?? document).createElement('div')
  holder.appendChild(n.cloneNode(true))
  return holder
}

/**
 * The editor's content as allowlisted HTML. Loose top-level text becomes a
 * paragraph; an editor with no text at all is '' (an empty answer).
 */
export function serializeHtml(root: Node): string {
  if (!(root.textContent ?? '').trim()) return ''
  const doc = root.ownerDocument ?? document
  // Group top-level inline runs into <p> so the answer is a list of blocks.
  const wrapped = doc.createElement('div')
  let para: HTMLElement | null = null
  for (const child of Array.from(root.childNodes)) {
    const tag = child.nodeType === Node.ELEMENT_NODE ? mapTag(child as Element) : null
    const block = typeof tag === 'string' && BLOCKS.has(tag)
    if (block || (tag === null && child.nodeType === Node.ELEMENT_NODE && isBlockContainer(child as Element))) {
      para = null
      wrapped.appendChild(child.cloneNode(true))
      continue
    }
    if (child.nodeType === Node.TEXT_NODE && !(child.nodeValue ?? '').trim() && !para) continue
    if (!para) {
      para = doc.createElement('p')
      wrapped.appendChild(para)
    }
    para.appendChild(child.cloneNode(true))
  }
  // Trailing <br> the editor leaves at the end of a block say nothing.
  return write(wrapped).replace(/<br>(<\/(p|li|h2|h3|blockquote)>)/g, '$1').replace(/<p><\/p>/g, '')
}

const isBlockContainer = (el: Element): boolean => el.localName === 'section' || el.localName === 'article' || el.localName === 'main'

/** Untrusted HTML → allowlisted HTML (what the editor would answer if left untouched). */
export function sanitizeHtml(htmlText: string): string {
  const div = document.createElement('div')
  loadHtml(div, htmlText)
  return serializeHtml(div)
}
