// Links and menu items of displays. A click never navigates the webview: the
// component fires OPEN_EVENT (bubbling, composed) and <mi-app> posts one
// `{type: 'open', …}` message, so the host decides what to open.
import { html, nothing, type TemplateResult } from 'lit'
import type { LinkWire } from '../../src/core/protocol'

export const OPEN_EVENT = 'mi-open'

/** What an OPEN_EVENT carries: an external URL, or an action slug with params. */
export type OpenTarget = { url: string } | { route: string; params?: Record<string, unknown> }

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/** An absolute http/https/mailto URL, normalised; anything else (javascript:, relative, malformed) is null. */
export function safeLinkUrl(href: unknown): string | null {
  if (typeof href !== 'string') return null
  try {
    const u = new URL(href.trim())
    return LINK_PROTOCOLS.has(u.protocol) ? u.href : null
  } catch {
    return null
  }
}

/** An image source the page's CSP allows and that cannot run script: https: or data:image/…. */
export function safeImageUrl(src: unknown): string | null {
  return safeMediaUrl(src, 'image/')
}

/** Like safeImageUrl, for <video>: https: or data:video/…. */
export function safeVideoUrl(src: unknown): string | null {
  return safeMediaUrl(src, 'video/')
}

function safeMediaUrl(src: unknown, dataType: string): string | null {
  if (typeof src !== 'string') return null
  const s = src.trim()
  if (/^data:/i.test(s)) return s.slice(5, 5 + dataType.length).toLowerCase() === dataType ? s : null
  try {
    const u = new URL(s)
    return u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The target of a link-like wire object (url wins over route), or null when it has none the view may open. */
export function linkTarget(w: Partial<LinkWire> | undefined): OpenTarget | null {
  if (!w) return null
  if (w.url !== undefined) {
    const url = safeLinkUrl(w.url)
    return url ? { url } : null
  }
  if (typeof w.route === 'string' && w.route) {
    return isRecord(w.params) ? { route: w.route, params: w.params } : { route: w.route }
  }
  return null
}

/**
 * Enter on a focused link follows it (the browser turns it into a click); it
 * must not also reach a prompt, where Enter submits the form.
 */
export function keepEnter(e: KeyboardEvent): void {
  if (e.key === 'Enter') e.stopPropagation()
}

export function dispatchOpen(from: EventTarget, target: OpenTarget): void {
  from.dispatchEvent(new CustomEvent<OpenTarget>(OPEN_EVENT, { detail: target, bubbles: true, composed: true }))
}

/** A short description of a target, for a link's title (hover) text. */
export function describeTarget(t: OpenTarget): string {
  if ('url' in t) return t.url
  const params = t.params && Object.keys(t.params).length ? ` (${Object.entries(t.params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')})` : ''
  return `Run action “${t.route}”${params}`
}

/**
 * An <a> that posts `open` instead of navigating. A URL target keeps its href
 * (so it shows on hover and can be copied); a route target gets "#".
 * Without a usable target the content is shown as plain text.
 */
export function renderLink(target: OpenTarget | null, content: unknown, className = ''): TemplateResult {
  if (!target) return html`<span class=${className}>${content}</span>`
  const href = 'url' in target ? target.url : '#'
  const onClick = (e: MouseEvent) => {
    e.preventDefault()
    dispatchOpen(e.currentTarget as Element, target)
  }
  return html`<a class=${className || nothing} href=${href} title=${describeTarget(target)} @click=${onClick} @keydown=${keepEnter}>${content}</a>`
}
