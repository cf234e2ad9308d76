// Serves the real webview page (webviewHtml + the built bundle) on 127.0.0.1
// and opens it in headless Chromium with a recording acquireVsCodeApi stub.
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { chromium } from 'playwright-core'
import { applyThemeInPage, themes } from './themes.mjs'

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic']

export async function startServer({ webviewHtml, bundlePath }) {
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${server.address().port}`
    const path = new URL(req.url, origin).pathname
    if (path === '/') {
      const nonce = randomBytes(16).toString('base64')
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      return res.end(webviewHtml({ scriptUri: `${origin}/webview.js`, cspSource: origin, nonce, title: 'Mini Interval test' }))
    }
    if (path === '/webview.js' || path === '/webview.js.map') {
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'application/json' })
      return res.end(readFileSync(bundlePath + (path.endsWith('.map') ? '.map' : '')))
    }
    // The bundle's own chunks (code splitting), beside it.
    const chunk = /^\/chunks\/[\w.-]+\.js(\.map)?$/.exec(path)
    if (chunk && existsSync(join(dirname(bundlePath), path))) {
      res.writeHead(200, { 'content-type': chunk[1] ? 'application/json' : 'text/javascript' })
      return res.end(readFileSync(join(dirname(bundlePath), path)))
    }
    res.writeHead(path === '/favicon.ico' ? 204 : 404).end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/** In the page, before any script: the VS Code API stub and a CSP violation recorder. */
function installStub(savedState) {
  window.__posted = []
  window.__state = savedState ?? undefined
  window.__csp = []
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
  })
  let acquired = false
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice') // as in VS Code
    acquired = true
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)) },
    }
  }
}

/** Opens the webview; returns helpers that act like the host. */
export async function openWebview(browser, url, { theme = 'dark', savedState, viewport = { width: 900, height: 900 } } = {}) {
  const page = await browser.newPage({ viewport })
  const consoleErrors = []
  const consoleWarnings = []
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
    if (m.type() === 'warning') consoleWarnings.push(m.text())
  })
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`))
  await page.addInitScript(installStub, savedState)
  await page.addInitScript(applyThemeInPage, themes[theme])
  await page.goto(url)
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'))

  return {
    page,
    consoleErrors,
    consoleWarnings,
    /** As the host's webview.postMessage does. */
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted: () => page.evaluate(() => window.__posted),
    savedState: () => page.evaluate(() => window.__state),
    cspViolations: () => page.evaluate(() => window.__csp),
    setTheme: (name) => page.evaluate(applyThemeInPage, themes[name]),
    /** Waits until the webview posted a message of this type; returns the last one. */
    waitForPosted: async (type) => {
      await page.waitForFunction((t) => window.__posted.some((m) => m.type === t), type, { timeout: 5000 })
      return page.evaluate((t) => window.__posted.filter((m) => m.type === t).at(-1), type)
    },
  }
}
