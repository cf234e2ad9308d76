// The UI bridge: a small HTTP server on 127.0.0.1 that performs Playwright
// operations on the workbench page for tests running inside the extension host
// (a Node process on the server side, far away from the browser DOM).
//
// Protocol: POST /op with a JSON body `{ "op": "<name>", ...args }`.
//   200 `{ "result": ... }` on success, 500 `{ "error": "message" }` on failure.
// The runner gives the URL to the extension host as MINI_INTERVAL_UI_BRIDGE.
//
// Targets (`frame` + locator fields), used by fill/click/text/waitFor/count:
//   frame:  'webview' (default) — the content frame of a webview whose document
//           contains `appSelector` (default 'mi-app'); with `title`, the one whose
//           panel/tab title or document title contains it;
//           'workbench' — the main page.
//   one of: testid | label | role (+ name) | text | css
//   exact?: boolean (for text/name/label matching; default false)
//   nth?:   index among matches (default 0)
import { createServer } from 'node:http'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const DEFAULT_TIMEOUT = 15_000

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * @param {object} o
 * @param {() => import('playwright-core').Page} o.getPage current workbench page
 * @param {string} o.screenshotDir where `screenshot` writes <name>.png
 * @param {(state: object) => object} [o.state] extra fields returned by the `state` op
 * @param {(report: object) => void} [o.onReport] receives `report` ops (test counts)
 * @param {(text: string) => void} [o.onLog] receives `log` ops (test output lines)
 * @param {Record<string, Function>} [o.extraOps]
 */
export async function startUiBridge({ getPage, screenshotDir, state = () => ({}), onReport, onLog, extraOps = {} }) {
  screenshotDir = resolve(screenshotDir)
  const page = () => {
    const p = getPage()
    if (!p) throw new Error('no workbench page is open')
    return p
  }

  /** Finds the frame a request is about, waiting up to timeoutMs for it. */
  async function findFrame(a, timeoutMs) {
    if (a.frame === 'workbench') return page().mainFrame()
    const appSelector = a.appSelector ?? 'mi-app'
    const deadline = Date.now() + timeoutMs
    let seen = []
    for (;;) {
      const candidates = []
      seen = []
      for (const f of page().frames()) {
        if (f === page().mainFrame()) continue
        let has = false
        try { has = (await f.locator(appSelector).count()) > 0 } catch { continue }
        if (!has) continue
        const info = await frameInfo(f)
        seen.push(info.titles.join(' / ') || f.url().slice(0, 80))
        candidates.push({ f, ...info })
      }
      let pick = candidates
      if (a.title) {
        const want = String(a.title).toLowerCase()
        pick = candidates.filter((c) => c.titles.some((t) => t.toLowerCase().includes(want)))
      }
      // Prefer a webview that is on screen (background editors keep their iframe, hidden).
      const visible = pick.filter((c) => c.visible)
      const chosen = (visible.length ? visible : pick)[0]
      if (chosen) return chosen.f
      if (Date.now() > deadline) {
        throw new Error(`no webview frame containing <${appSelector}>${a.title ? ` with title "${a.title}"` : ''} ` +
          `(webviews with it: ${seen.length ? seen.join('; ') : 'none'})`)
      }
      await sleep(200)
    }
  }

  /** Titles a webview content frame is known by, and whether its iframe is visible. */
  async function frameInfo(f) {
    const titles = []
    let visible = true
    try { const t = await f.title(); if (t) titles.push(t) } catch {}
    // content frame -> outer webview iframe (class "webview") in the workbench
    let outer = f.parentFrame()
    while (outer && outer.parentFrame() && outer.parentFrame() !== page().mainFrame()) outer = outer.parentFrame()
    try {
      const el = outer && (await outer.frameElement())
      if (el) {
        visible = await el.isVisible()
        const t = await el.evaluate((e) => {
          const out = [e.getAttribute('title') || '', e.getAttribute('aria-label') || '']
          // A webview editor is laid over its editor group; the group's active tab names it.
          const r = e.getBoundingClientRect()
          for (const group of document.querySelectorAll('.editor-group-container')) {
            const g = group.getBoundingClientRect()
            if (r.width && r.left >= g.left - 1 && r.right <= g.right + 1 && r.top >= g.top - 1 && r.bottom <= g.bottom + 1) {
              const tab = group.querySelector('.tab.active .label-name, .tab.active .monaco-icon-label')
              if (tab) out.push(tab.textContent || '')
            }
          }
          // A webview view sits inside a view pane whose header names it.
          for (const pane of document.querySelectorAll('.pane')) {
            const body = pane.querySelector('.pane-body')
            const b = body && body.getBoundingClientRect()
            if (b && r.width && Math.abs(b.left - r.left) < 2 && Math.abs(b.top - r.top) < 2) {
              const h = pane.querySelector('.pane-header h3, .pane-header .title')
              if (h) out.push(h.textContent || '')
            }
          }
          return out.filter(Boolean)
        })
        titles.push(...t)
      }
    } catch {}
    return { titles, visible }
  }

  function locate(frame, a) {
    return locateAll(frame, a).nth(a.nth ?? 0)
  }

  function locateAll(frame, a) {
    const exact = !!a.exact
    let loc
    if (a.testid != null) loc = frame.locator(`[data-testid="${String(a.testid).replace(/"/g, '\\"')}"]`)
    else if (a.css != null) loc = frame.locator(a.css)
    else if (a.label != null) {
      loc = frame.getByLabel(a.label, { exact })
        .or(frame.getByRole('textbox', { name: a.label, exact }))
        .or(frame.getByPlaceholder(a.label, { exact }))
    } else if (a.role != null) loc = frame.getByRole(a.role, a.name != null ? { name: a.name, exact } : {})
    else if (a.text != null) loc = frame.getByText(a.text, { exact })
    else throw new Error('no target: give one of testid, label, role (+name), text, css')
    return loc
  }

  async function target(a) {
    const timeoutMs = a.timeoutMs ?? DEFAULT_TIMEOUT
    const frame = await findFrame(a, timeoutMs)
    return { frame, loc: locate(frame, a), timeoutMs }
  }

  const ops = {
    /** -> { phase, ... } set by the runner */
    state: async () => state(),
    /** { passed, failed, phase, failures: [{title, error}] } from the suite */
    report: async (a) => { onReport?.(a); return true },
    /** { text } a line of test output to print in the runner's terminal */
    log: async (a) => { onLog?.(String(a.text)); return true },

    /** { frame?, title?, label|testid|..., text } -> true */
    fill: async (a) => {
      const { loc, timeoutMs } = await target(a)
      await loc.waitFor({ state: 'visible', timeout: timeoutMs })
      const fillable = await loc.evaluate((e) => e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement ||
        e instanceof HTMLSelectElement || e.isContentEditable)
      // Custom elements (e.g. <vscode-textfield>) wrap the real input in a shadow root.
      const input = fillable ? loc : loc.locator('input, textarea, [contenteditable="true"]').first()
      if (a.value === undefined && a.text === undefined) throw new Error('fill needs `text`')
      await input.fill(String(a.value ?? a.text), { timeout: timeoutMs })
      return true
    },
    /** { frame?, title?, role+name|text|testid|css|label } -> true */
    click: async (a) => {
      const { loc, timeoutMs } = await target(a)
      await loc.click({ timeout: timeoutMs })
      return true
    },
    /** { key } e.g. 'Enter', 'Control+Enter', 'Escape' -> true; with a target, presses on that element */
    press: async (a) => {
      if (a.testid ?? a.label ?? a.role ?? a.css ?? a.text) {
        const { loc, timeoutMs } = await target(a)
        await loc.press(a.key, { timeout: timeoutMs })
      } else {
        await page().keyboard.press(a.key)
      }
      return true
    },
    /** { text } types into whatever has focus -> true */
    type: async (a) => { await page().keyboard.type(String(a.text), { delay: a.delayMs ?? 10 }); return true },
    /** { frame?, title?, testid|... } -> innerText of the (first) match */
    text: async (a) => {
      const { loc, timeoutMs } = await target(a)
      return await loc.innerText({ timeout: timeoutMs })
    },
    /** { frame?, title?, testid|..., attr } -> attribute value (or null); `value` for an input's value */
    attr: async (a) => {
      const { loc, timeoutMs } = await target(a)
      if (a.attr === 'value') return await loc.inputValue({ timeout: timeoutMs })
      return await loc.getAttribute(a.attr, { timeout: timeoutMs })
    },
    /** { frame?, title?, testid|..., state?: 'visible'|'hidden'|'attached'|'detached', timeoutMs? } -> when it got there (epoch ms) */
    waitFor: async (a) => {
      const { loc, timeoutMs } = await target(a)
      await loc.waitFor({ state: a.state ?? 'visible', timeout: timeoutMs })
      return Date.now()
    },
    /** { frame?, title?, testid|... } -> number of matches (no waiting beyond finding the frame) */
    count: async (a) => {
      const timeoutMs = a.timeoutMs ?? DEFAULT_TIMEOUT
      const frame = await findFrame(a, timeoutMs)
      return await locateAll(frame, a).count()
    },
    /** { name, frame?, title? } -> absolute path of test-output/screenshots/<name>.png */
    screenshot: async (a) => {
      const name = String(a.name ?? 'screenshot').replace(/[^\w.-]+/g, '_')
      mkdirSync(screenshotDir, { recursive: true })
      const path = join(screenshotDir, `${name}.png`)
      if (a.frame && a.frame !== 'workbench') {
        const frame = await findFrame(a, a.timeoutMs ?? DEFAULT_TIMEOUT)
        await frame.locator('body').screenshot({ path })
      } else {
        await page().screenshot({ path })
      }
      return path
    },
    /**
     * { title } runs a command through the command palette, as a person would:
     * F1, type the title, wait for it in the list, Enter. -> true
     */
    command: async (a) => {
      const p = page()
      const title = String(a.title ?? a.id)
      const timeout = a.timeoutMs ?? DEFAULT_TIMEOUT
      await p.keyboard.press('Escape')
      await p.keyboard.press('F1')
      const input = p.locator('.quick-input-widget input.input')
      await input.waitFor({ state: 'visible', timeout })
      await input.fill(`>${title}`)
      const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first()
      await row.waitFor({ state: 'visible', timeout })
      await row.click({ timeout })
      return true
    },
    /**
     * { view } rows of the tree/list in the view pane whose header contains `view`
     * -> [{ label, level, expanded }]
     */
    treeItems: async (a) => {
      const p = page()
      const deadline = Date.now() + (a.timeoutMs ?? DEFAULT_TIMEOUT)
      for (;;) {
        const rows = await p.evaluate((view) => {
          const want = String(view).toLowerCase()
          for (const pane of document.querySelectorAll('.pane')) {
            const h = pane.querySelector('.pane-header')
            const name = (h?.getAttribute('aria-label') || h?.textContent || '').toLowerCase()
            if (!name.includes(want)) continue
            return [...pane.querySelectorAll('.pane-body .monaco-list-row')].map((r) => ({
              label: r.getAttribute('aria-label') || (r.textContent || '').trim(),
              level: Number(r.getAttribute('aria-level') || 1),
              expanded: r.hasAttribute('aria-expanded') ? r.getAttribute('aria-expanded') === 'true' : undefined,
            }))
          }
          return null
        }, a.view)
        if (rows) return rows
        if (Date.now() > deadline) throw new Error(`no view pane titled "${a.view}" is open`)
        await sleep(200)
      }
    },
    /** { theme: 'light'|'dark'|'hc'|'hc-light', timeoutMs? } waits until the workbench shows it -> true.
     *  (Switching the setting is done by the test through the vscode API; see test/integration/ui.ts.) */
    waitForTheme: async (a) => {
      const cls = { light: 'vs', dark: 'vs-dark', hc: 'hc-black', 'hc-light': 'hc-light' }[a.theme]
      if (!cls) throw new Error(`unknown theme ${a.theme}`)
      await page().locator(`.monaco-workbench.${cls}`).waitFor({ state: 'attached', timeout: a.timeoutMs ?? DEFAULT_TIMEOUT })
      // Webviews get the theme a moment later, as a class on their <body>.
      const body = { light: 'vscode-light', dark: 'vscode-dark', hc: 'vscode-high-contrast', 'hc-light': 'vscode-high-contrast-light' }[a.theme]
      for (const f of page().frames()) {
        if (f === page().mainFrame()) continue
        try {
          if ((await f.locator(a.appSelector ?? 'mi-app').count()) === 0) continue
          await f.locator(`body.${body}`).waitFor({ state: 'attached', timeout: 5000 })
        } catch {}
      }
      return true
    },
    /** {} -> the page's frames, for debugging: [{ url, titles, hasApp }] */
    frames: async (a) => {
      const out = []
      for (const f of page().frames()) {
        let hasApp = false
        try { hasApp = (await f.locator(a.appSelector ?? 'mi-app').count()) > 0 } catch {}
        out.push({ url: f.url().slice(0, 120), hasApp, ...(f === page().mainFrame() ? {} : await frameInfo(f)) })
      }
      return out
    },
    ...extraOps,
  }

  const server = createServer(async (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    try {
      let body = ''
      for await (const chunk of req) body += chunk
      if (req.method === 'GET' && req.url === '/state') return send(200, { result: await ops.state({}) })
      if (req.method !== 'POST' || req.url !== '/op') return send(404, { error: `use POST /op (got ${req.method} ${req.url})` })
      const a = body ? JSON.parse(body) : {}
      const fn = ops[a.op]
      if (!fn) return send(500, { error: `unknown op "${a.op}"; ops: ${Object.keys(ops).join(', ')}` })
      send(200, { result: (await fn(a)) ?? null })
    } catch (e) {
      send(500, { error: String(e?.message ?? e).split('\n').slice(0, 12).join('\n') })
    }
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${server.address().port}`
  return {
    url,
    ops,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()) }),
  }
}
