// The one HTML page of `mini-interval serve`: GET /, /tx/<id>, /history and
// /history/<id> all return it, and the browser app (dist/web/web.js) routes by
// location.pathname. The CSP is the webview's: our nonce'd script only, no unsafe-*.
import { escapeHtml } from '../core/webviewHtml'

export interface WebPageOptions {
  /** Fresh for every response: base64 or hex. */
  nonce: string
  /** Where the bundle is served, e.g. `/app/web.js`: a same-origin absolute path. */
  scriptPath: string
  title: string
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/
const SCRIPT_PATH = /^\/[A-Za-z0-9._~/-]*$/


export function webPageHtml({ nonce, scriptPath, title }: WebPageOptions): string {
  if (!NONCE.test(nonce)) throw new Error('webPageHtml: the nonce must be at least 16 base64 or hex characters')
  if (!SCRIPT_PATH.test(scriptPath) || scriptPath.startsWith('//')) throw new Error(`webPageHtml: the script path must be a same-origin absolute path, not ${JSON.stringify(scriptPath)}`)
  const csp = directives(nonce).join('; ') + ';'
  // <meta property="csp-nonce"> is where FAST (under the toolkit) looks for a
  // nonce to put on the <style> it injects to probe :focus-visible support.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta property="csp-nonce" content="${escapeHtml(nonce)}">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
</head>
<body>
<mi-web></mi-web>
<script type="module" nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptPath)}"></script>
</body>
</html>
`
}

// Action data reaches this page: only our own nonce'd script and styles may run,
// and it may talk to no one but its server (connect-src: fetch and EventSource).
const directives = (nonce: string): string[] => [
  `default-src 'none'`,
  // 'strict-dynamic': the chunks our nonce'd module imports (markdown, highlighting) load too; nothing else does.
  `script-src 'nonce-${nonce}' 'strict-dynamic'`,
  `style-src 'self' 'nonce-${nonce}'`,
  `img-src 'self' https: data:`,
  `media-src 'self' https: data:`, // io.display.video
  `font-src 'self'`,
  `connect-src 'self'`,
  `base-uri 'none'`,
  `form-action 'none'`,
]

/** The same policy as an HTTP header, which the server should send too: only a header can say frame-ancestors (a meta tag cannot). */
export function webPageCsp(nonce: string): string {
  if (!NONCE.test(nonce)) throw new Error('webPageCsp: the nonce must be at least 16 base64 or hex characters')
  return [...directives(nonce), `frame-ancestors 'none'`].join('; ')
}
