// io.display.html: the action's HTML is parsed inert (DOMParser runs no
// script and loads nothing) and rebuilt element by element from an allowlist
// with createElement/setAttribute. Nothing is ever assigned to innerHTML.
import { dispatchOpen, keepEnter, safeImageUrl, safeLinkUrl } from './links'

const ALLOWED = new Set([
  'p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'code', 'pre', 'kbd', 'blockquote',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'hr', 'span', 'div', 'sub', 'sup', 'small',
])

/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'template', 'noscript', 'title', 'head', 'meta', 'link', 'base', 'svg', 'math', 'textarea', 'select', 'option',
])

const isCount = (v: string): boolean => /^\d{1,4}$/.test(v.trim())

/** Copies the allowed attributes of `from` onto `to` (same tag), rewriting URLs; false when the element must go. */
function copyAttributes(from: Element, to: HTMLElement): boolean {
  const tag = to.localName
  const title = from.getAttribute('title')
  if (title) to.setAttribute('title', title)
  switch (tag) {
    case 'a': {
      const href = safeLinkUrl(from.getAttribute('href'))
      if (href) {
        to.setAttribute('href', href)
        to.addEventListener('click', (e) => {
          e.preventDefault()
          dispatchOpen(to, { url: href })
        })
        to.addEventListener('keydown', keepEnter)
      }
      return true
    }
    case 'img': {
      const src = safeImageUrl(from.getAttribute('src'))
      if (!src) return false
      to.setAttribute('src', src)
      to.setAttribute('alt', from.getAttribute('alt') ?? '')
      for (const a of ['width', 'height']) {
        const v = from.getAttribute(a)
        if (v && isCount(v)) to.setAttribute(a, v.trim())
      }
      return true
    }
    case 'td':
    case 'th':
      for (const a of ['colspan', 'rowspan']) {
        const v = from.getAttribute(a)
        if (v && isCount(v)) to.setAttribute(a, v.trim())
      }
      return true
    case 'ol': {
      const start = from.getAttribute('start')
      if (start && /^-?\d{1,9}$/.test(start.trim())) to.setAttribute('start', start.trim())
      return true
    }
    default:
      return true
  }
}

function rebuild(source: Node, into: Node, doc: Document): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.appendChild(doc.createTextNode((child as Text).data))
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue // comments, processing instructions
    const el = child as Element
    const tag = el.localName
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROP_WITH_CONTENT.has(tag)) continue
    if (!ALLOWED.has(tag)) {
      // iframe, object, embed, form, unknown tags…: the element goes, its text stays.
      rebuild(el, into, doc)
      continue
    }
    const out = doc.createElement(tag)
    if (!copyAttributes(el, out)) continue
    rebuild(el, out, doc)
    into.appendChild(out)
  }
}

const SPACE = /[\t\n\f\r ]/
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes'])

/**
 * Removes `on…` and `style` attributes and <style>/<script> elements from an HTML string,
 * following the HTML tokenizer's rules for tags, attributes, comments and
 * raw-text elements. NOT the security boundary (the allowlist rebuild is, and
 * copies neither): Chromium reports a CSP violation for every inline handler
 * or style attribute it parses, even into an inert DOMParser document, so they
 * go before parsing.
 */
export function stripInlineAttributes(src: string): string {
  const lower = src.toLowerCase()
  const n = src.length
  let out = ''
  let i = 0
  while (i < n) {
    const lt = src.indexOf('<', i)
    if (lt < 0) {
      out += src.slice(i)
      break
    }
    out += src.slice(i, lt)
    i = lt
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4)
      const stop = end < 0 ? n : end + 3
      out += src.slice(i, stop)
      i = stop
      continue
    }
    if (src[i + 1] === '!' || src[i + 1] === '?') {
      const end = src.indexOf('>', i)
      const stop = end < 0 ? n : end + 1
      out += src.slice(i, stop)
      i = stop
      continue
    }
    const isEnd = src[i + 1] === '/'
    const nameStart = i + (isEnd ? 2 : 1)
    if (!/[A-Za-z]/.test(src[nameStart] ?? '')) {
      out += '<'
      i++
      continue
    }
    let j = nameStart
    while (j < n && !SPACE.test(src[j]!) && src[j] !== '/' && src[j] !== '>') j++
    const tag = lower.slice(nameStart, j)
    const tagStart = out.length
    out += src.slice(i, j)
    let closed = false
    while (j < n) {
      const ch = src[j]!
      if (ch === '>') {
        out += ch
        j++
        closed = true
        break
      }
      if (SPACE.test(ch) || ch === '/') {
        out += ch
        j++
        continue
      }
      let k = j + 1 // an attribute name may start with '='
      while (k < n && !SPACE.test(src[k]!) && !'/>='.includes(src[k]!)) k++
      let end = k
      let m = k
      while (m < n && SPACE.test(src[m]!)) m++
      if (src[m] === '=') {
        m++
        while (m < n && SPACE.test(src[m]!)) m++
        const q = src[m]
        if (q === '"' || q === "'") {
          const close = src.indexOf(q, m + 1)
          end = close < 0 ? n : close + 1
        } else {
          end = m
          while (end < n && !SPACE.test(src[end]!) && src[end] !== '>') end++
        }
      }
      if (!/^(on|style$)/i.test(src.slice(j, k))) out += src.slice(j, end)
      j = end
    }
    i = j
    if (closed && !isEnd && tag === 'plaintext') {
      out += src.slice(i)
      break
    }
    if (closed && !isEnd && RAW_TEXT.has(tag)) {
      const close = lower.indexOf(`</${tag}`, i)
      const stop = close < 0 ? n : close
      if (tag === 'style' || tag === 'script') {
        // Dropped by the rebuild anyway; a parsed <style> is reported as a CSP violation too.
        out = out.slice(0, tagStart)
        const gt = close < 0 ? -1 : src.indexOf('>', close)
        i = gt < 0 ? n : gt + 1
        continue
      }
      out += src.slice(i, stop)
      i = stop
    }
  }
  return out
}

/** The sanitised HTML as a detached <div class="markdown"> of the current document. */
export function sanitizeHtml(source: string): HTMLElement {
  const root = document.createElement('div')
  root.className = 'markdown sanitized-html'
  const parsed = new DOMParser().parseFromString(stripInlineAttributes(source), 'text/html')
  rebuild(parsed.body, root, document)
  return root
}
