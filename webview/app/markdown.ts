// GitHub-flavoured markdown → Lit templates, built from marked's tokens.
// Nothing is parsed as HTML: every string goes through Lit's escaping, raw HTML
// in the source is shown as text, and only http/https/mailto links are live.
import { html, nothing, type TemplateResult } from 'lit'
import { Lexer, type Token, type Tokens } from 'marked'

type Part = TemplateResult | string | typeof nothing

const SAFE_LINK = new Set(['http:', 'https:', 'mailto:'])
const SAFE_IMAGE = new Set(['https:', 'data:'])

function safeUrl(href: string, allowed: Set<string>): string | null {
  try {
    const url = new URL(href)
    return allowed.has(url.protocol) ? url.href : null
  } catch {
    return null // relative or malformed: nothing to open inside a webview
  }
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }
/** marked marks a few texts as already HTML-escaped; Lit escapes again, so undo it. */
const unescape = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)

export function renderMarkdown(source: string): TemplateResult {
  let tokens: Token[]
  try {
    tokens = new Lexer({ gfm: true }).lex(source)
  } catch {
    return html`<p class="md-raw">${source}</p>`
  }
  return html`<div class="markdown">${blocks(tokens)}</div>`
}

function blocks(tokens: Token[]): Part[] {
  return tokens.map(block)
}

function block(t: Token): Part {
  switch (t.type) {
    case 'heading':
      return heading(t as Tokens.Heading)
    case 'paragraph':
      return html`<p>${inline((t as Tokens.Paragraph).tokens)}</p>`
    case 'text': {
      // Tight list items hold block-level text tokens with inline children.
      const text = t as Tokens.Text
      return text.tokens ? html`${inline(text.tokens)}` : unescape(text.text)
    }
    case 'code':
      return html`<pre class="md-code"><code>${(t as Tokens.Code).text}</code></pre>`
    case 'blockquote':
      return html`<blockquote>${blocks((t as Tokens.Blockquote).tokens)}</blockquote>`
    case 'hr':
      return html`<hr />`
    case 'list':
      return list(t as Tokens.List)
    case 'table':
      return table(t as Tokens.Table)
    case 'html':
      return html`<p class="md-raw">${(t as Tokens.HTML).text}</p>`
    case 'checkbox':
      return taskBox((t as Tokens.Checkbox).checked)
    case 'space':
    case 'def':
      return nothing
    default:
      return 'raw' in t && typeof t.raw === 'string' ? html`<p class="md-raw">${t.raw}</p>` : nothing
  }
}

function heading(t: Tokens.Heading): TemplateResult {
  const content = inline(t.tokens)
  switch (t.depth) {
    case 1: return html`<h1>${content}</h1>`
    case 2: return html`<h2>${content}</h2>`
    case 3: return html`<h3>${content}</h3>`
    case 4: return html`<h4>${content}</h4>`
    case 5: return html`<h5>${content}</h5>`
    default: return html`<h6>${content}</h6>`
  }
}

const taskBox = (checked: boolean): TemplateResult =>
  html`<input type="checkbox" disabled .checked=${checked} aria-label=${checked ? 'done' : 'not done'} /> `

function list(t: Tokens.List): TemplateResult {
  const items = t.items.map((item) => html`<li class=${item.task ? 'task' : ''}>${blocks(item.tokens)}</li>`)
  if (!t.ordered) return html`<ul>${items}</ul>`
  const start = typeof t.start === 'number' ? t.start : 1
  return html`<ol start=${start}>${items}</ol>`
}

function table(t: Tokens.Table): TemplateResult {
  const align = (a: string | null): string => (a ? `align-${a}` : '')
  return html`<div class="table-wrap"><table>
    <thead><tr>${t.header.map((c) => html`<th class=${align(c.align)}>${inline(c.tokens)}</th>`)}</tr></thead>
    <tbody>${t.rows.map((row) => html`<tr>${row.map((c) => html`<td class=${align(c.align)}>${inline(c.tokens)}</td>`)}</tr>`)}</tbody>
  </table></div>`
}

function inline(tokens: Token[] | undefined): Part[] {
  return (tokens ?? []).map(inlineToken)
}

function inlineToken(t: Token): Part {
  switch (t.type) {
    case 'text': {
      const text = t as Tokens.Text
      if (text.tokens?.length) return html`${inline(text.tokens)}`
      return text.escaped ? unescape(text.text) : text.text
    }
    case 'escape':
      return unescape((t as Tokens.Escape).text)
    case 'strong':
      return html`<strong>${inline((t as Tokens.Strong).tokens)}</strong>`
    case 'em':
      return html`<em>${inline((t as Tokens.Em).tokens)}</em>`
    case 'del':
      return html`<del>${inline((t as Tokens.Del).tokens)}</del>`
    case 'codespan':
      return html`<code>${unescape((t as Tokens.Codespan).text)}</code>`
    case 'br':
      return html`<br />`
    case 'link': {
      const link = t as Tokens.Link
      const href = safeUrl(link.href, SAFE_LINK)
      const content = inline(link.tokens)
      return href
        ? html`<a href=${href} title=${link.title ?? ''} target="_blank" rel="noopener noreferrer">${content}</a>`
        : html`<span class="md-link-blocked" title="Link not opened: only http, https and mailto links are allowed">${content}</span>`
    }
    case 'image': {
      const image = t as Tokens.Image
      const src = safeUrl(image.href, SAFE_IMAGE)
      return src ? html`<img src=${src} alt=${image.text} />` : html`<span class="md-raw">${image.raw}</span>`
    }
    case 'html':
      return html`<span class="md-raw">${(t as Tokens.Tag).text}</span>`
    case 'checkbox':
      return taskBox((t as Tokens.Checkbox).checked)
    default:
      return 'raw' in t && typeof t.raw === 'string' ? t.raw : nothing
  }
}
