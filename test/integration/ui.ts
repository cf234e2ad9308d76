// Client for the UI bridge (scripts/lib/ui-bridge.mjs), used by tests running
// inside the extension host to drive the real workbench and webview DOM in the
// browser. The runner passes the bridge's URL as MINI_INTERVAL_UI_BRIDGE.
//
// Without it (`ui.available === false`) every call throws: a test that needs
// the UI fails with a clear message instead of passing silently.
import * as vscode from 'vscode'

/** Which element an operation is about. `frame` defaults to 'webview'. */
export interface Target {
  /** 'webview' (content frame holding <mi-app>) or 'workbench' (the main page) */
  frame?: 'webview' | 'workbench'
  /** pick the webview whose panel/tab/document title contains this */
  title?: string
  /** CSS selector identifying the webview app root (default 'mi-app') */
  appSelector?: string
  testid?: string
  label?: string
  role?: string
  name?: string
  text?: string
  css?: string
  exact?: boolean
  nth?: number
  timeoutMs?: number
}

export type Theme = 'light' | 'dark' | 'hc' | 'hc-light'

export const THEMES: Record<Theme, string> = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  hc: 'Default High Contrast',
  'hc-light': 'Default High Contrast Light',
}

export interface TreeItem { label: string; level: number; expanded?: boolean }

const base = process.env.MINI_INTERVAL_UI_BRIDGE

export class UiBridgeError extends Error {}

const UNAVAILABLE =
  'UI bridge unavailable (MINI_INTERVAL_UI_BRIDGE is not set): this test drives the real UI and must run ' +
  'through scripts/test-integration.mjs (code-server) or test/integration/electron.mjs.'

async function op<T = unknown>(name: string, args: object = {}): Promise<T> {
  if (!base) {
    throw new UiBridgeError(UNAVAILABLE)
  }
  let res: Response
  try {
    res = await fetch(`${base}/op`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: name, ...args }),
    })
  } catch (e) {
    throw new UiBridgeError(`UI bridge at ${base} did not answer (${name}): ${(e as Error).message}`)
  }
  const body = (await res.json().catch(() => ({}))) as { result?: T; error?: string }
  if (!res.ok) throw new UiBridgeError(`ui.${name}(${JSON.stringify(args)}) failed: ${body.error ?? res.status}`)
  return body.result as T
}

const t = (target: Target | string, dflt: keyof Target = 'testid'): Target =>
  typeof target === 'string' ? { [dflt]: target } : target

export const ui = {
  /** false when the tests run without a bridge (then every call throws). */
  available: !!base,
  url: base,

  /** Throws the "bridge unavailable" error unless a bridge is configured. */
  require(): void {
    if (!base) throw new UiBridgeError(UNAVAILABLE)
  },

  /** Any bridge operation by name (see scripts/lib/ui-bridge.mjs). */
  op,

  /** Types `text` into the field labelled `label` (label, aria-label or placeholder). */
  fill: (label: string, text: string, target: Target = {}) => op<boolean>('fill', { ...target, label, text }),
  /** Clicks a target; a string means the button with that accessible name. */
  click: (target: Target | string) =>
    op<boolean>('click', typeof target === 'string' ? { role: 'button', name: target } : target),
  /** Presses a key (Playwright names: 'Enter', 'Escape', 'Control+Enter', 'F1'), optionally on a target. */
  press: (key: string, target: Target = {}) => op<boolean>('press', { ...target, key }),
  /** Types text into whatever has focus. */
  type: (text: string) => op<boolean>('type', { text }),
  /** innerText of a target; a string means a data-testid. */
  text: (target: Target | string) => op<string>('text', t(target)),
  /** An attribute of a target ('value' gives an input's current value). */
  attr: (target: Target | string, attr: string) => op<string | null>('attr', { ...t(target), attr }),
  /** Waits until a target is visible (or `state`); a string means a data-testid. Resolves to when it got there (epoch ms, the browser machine's clock). */
  waitFor: (target: Target | string, opts: { timeoutMs?: number; state?: 'visible' | 'hidden' | 'attached' | 'detached' } = {}) =>
    op<number>('waitFor', { ...t(target), ...opts }),
  /** Number of elements matching a target; a string means a data-testid. */
  count: (target: Target | string) => op<number>('count', t(target)),
  /** Saves test-output/screenshots/<name>.png (the whole workbench unless a webview target is given). */
  screenshot: (name: string, target?: Target) => op<string>('screenshot', { name, ...(target ?? {}) }),
  /** Runs a command through the command palette by its title, as a person would. */
  command: (title: string) => op<boolean>('command', { title }),
  /** Rows of the tree in the view pane whose header contains `view`. */
  treeItems: (view: string) => op<TreeItem[]>('treeItems', { view }),
  /** Runner state: { phase, ... }. */
  state: () => op<{ phase?: string; [k: string]: unknown }>('state'),

  /**
   * Switches the colour theme through the `workbench.colorTheme` setting and waits
   * until the workbench shows it. Returns the previous theme name, for restoring.
   */
  async setTheme(theme: Theme | string): Promise<string | undefined> {
    const config = vscode.workspace.getConfiguration('workbench')
    const previous = config.get<string>('colorTheme')
    const name = (THEMES as Record<string, string>)[theme] ?? theme
    await config.update('colorTheme', name, vscode.ConfigurationTarget.Global)
    const kind = theme in THEMES ? theme : undefined
    if (kind) await op('waitForTheme', { theme: kind })
    return previous
  },
}

export default ui
