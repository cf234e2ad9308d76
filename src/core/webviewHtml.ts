// The transaction panel's HTML. Pure (no `vscode` import) so the host calls it
// and the webview tests serve exactly the same page from a local server.

export interface WebviewHtmlOptions {
  /** URI of dist/webview.js as the webview sees it (`webview.asWebviewUri`). */
  scriptUri: string
  /** `webview.cspSource`: the origin(s) the webview may load resources from. */
  cspSource: string
  /** Fresh per render; the only way a script or an injected <style> is allowed. */
  nonce: string
  title: string
  /** URIs of the modules the script imports at once: preloaded beside it rather than found after it arrives. */
  preload?: string[]
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A nonce usable in a CSP source expression: base64/hex characters only. */
const NONCE = /^[A-Za-z0-9+/=_-]+$/

export function webviewHtml({ scriptUri, cspSource, nonce, title, preload = [] }: WebviewHtmlOptions): string {
  if (!NONCE.test(nonce)) throw new Error('webviewHtml: the nonce must be base64 or hex characters')
  // No 'unsafe-inline'/'unsafe-eval': action data reaches this page, so only
  // our own nonce'd script and styles may run.
  const csp = [
    `default-src 'none'`,
    // 'strict-dynamic': the chunks our nonce'd module imports (markdown, highlighting) load too; nothing else does.
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} https: data:`,
    `media-src ${cspSource} https: data:`, // io.display.video
    `font-src ${cspSource}`,
  ].join('; ') + ';'
  // <meta property="csp-nonce"> is where FAST (under the toolkit) looks for a
  // nonce to put on the <style> it injects to probe :focus-visible support.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${escapeHtml(nonce)}">
<title>${escapeHtml(title)}</title>
${preload.map((uri) => `<link rel="modulepreload" nonce="${escapeHtml(nonce)}" href="${escapeHtml(uri)}">\n`).join('')}</head>
<body>
<mi-app></mi-app>
<script type="module" nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`
}
