// The few pages served before anyone is signed in: open your sign-in link,
// confirm it, or why it did not work. Server-rendered, no script; styles by
// nonce; light or dark as the browser prefers.
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { escapeHtml } from '../../core/webviewHtml'
import { SECURITY_HEADERS } from '../guard'

const CSS = `
/* The app's own light and dark colours (theme.ts: VS Code's default themes). */
:root { color-scheme: light dark; --bg: #f8f8f8; --card: #fff; --fg: #3b3b3b; --muted: #616161; --line: #e5e5e5; --accent: #005fb8; --accent-fg: #fff; --bad: #c72e0f; }
@media (prefers-color-scheme: dark) { :root { --bg: #181818; --card: #1f1f1f; --fg: #cccccc; --muted: #9d9d9d; --line: #2b2b2b; --accent: #0078d4; --accent-fg: #fff; --bad: #f48771; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { width: min(420px, calc(100vw - 32px)); background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 28px 28px 24px; }
h1 { font-size: 18px; margin: 0 0 4px; } .brand { color: var(--muted); font-size: 13px; margin: 0 0 20px; letter-spacing: .02em; }
p { margin: 0 0 14px; } .bad { color: var(--bad); } code { font-size: 13px; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 1px 5px; }
button { font: inherit; font-weight: 600; width: 100%; padding: 9px 14px; border: 0; border-radius: 6px; background: var(--accent); color: var(--accent-fg); cursor: pointer; }
button:focus-visible { outline: 2px solid var(--fg); outline-offset: 2px; }
`

export interface NoticeOptions {
  status: number
  title: string
  /** Paragraphs, as HTML already escaped. */
  body: string[]
  /** A sign-in form for this link secret (a GET never uses a link: a mail scanner following it must not sign anyone in). */
  link?: string
  bad?: boolean
  headers?: Record<string, string>
}

export function sendNotice(res: ServerResponse, o: NoticeOptions): void {
  const nonce = randomBytes(16).toString('base64')
  const form = o.link !== undefined
    ? `<form method="post" action="/signin"><input type="hidden" name="link" value="${escapeHtml(o.link)}"><button type="submit" autofocus>Sign in</button></form>`
    : ''
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="strict-origin">
<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,"><title>${escapeHtml(o.title)} · Mini Interval</title>
<style nonce="${nonce}">${CSS}</style></head>
<body><main><p class="brand">MINI INTERVAL</p><h1>${escapeHtml(o.title)}</h1>
${o.body.map((p) => `<p${o.bad ? ' class="bad"' : ''}>${p}</p>`).join('\n')}
${form}</main></body></html>
`
  res.writeHead(o.status, {
    // Not no-referrer: with it Chromium posts the form with `Origin: null`, and the server checks Origin. strict-origin never sends the path (the link).
    ...SECURITY_HEADERS, 'referrer-policy': 'strict-origin', ...o.headers,
    'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  })
  res.end(html)
}
