// Root element: shows whatever the host last sent (a live transaction or a
// history entry) and hands user actions back through `post`.
import { LitElement, css, html } from 'lit'
import type { WebviewToHost } from '../../src/core/protocol'
import type { ScreenMessage } from './events'
import { customElement } from '../components/define'
import { renderHistory } from './history-view'
import { OPEN_EVENT, type OpenTarget } from './links'
import type { Draft } from './mi-prompt'
import { dangerButtonStyles } from '../primitives'
import { detailStyles } from './detail-styles'
import { durableStyles } from './durable-styles'
import { baseStyles, cardStyles, markdownStyles } from './styles'
import { renderTxView } from './tx-view'

export class MiApp extends LitElement {
  static override styles = [baseStyles, cardStyles, markdownStyles, dangerButtonStyles, detailStyles, durableStyles, css`
    :host { padding: 16px 0 24px; max-width: 920px; } /* VS Code already pads the body by 20px on each side */
    .tx { display: flex; flex-direction: column; gap: 18px; }
    .header { display: flex; flex-direction: column; gap: 8px; }
    .title-row { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    h1 { font-size: 1.5em; }
    .description { margin: 0; }
    .status {
      font-size: 11px; padding: 2px 8px; border-radius: 10px;
      background: var(--vscode-badge-background); color: var(--vscode-badge-foreground);
      border: 1px solid var(--vscode-contrastBorder, transparent);
    }
    /* Finished states: outlined, so the text keeps the theme's foreground contrast. */
    .status-completed, .status-failed, .status-canceled, .status-redirected, .status-interrupted, .status-diverged { background: transparent; color: var(--vscode-foreground); }
    .status-completed { border-color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
    .status-failed { border-color: var(--vscode-errorForeground); }
    .status-canceled, .status-redirected, .status-interrupted { border-color: var(--vscode-descriptionForeground); }
    .status-diverged { border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground)); }
    .header-actions { margin-left: auto; }
    .feed { display: flex; flex-direction: column; gap: 12px; }
    .prompt-card { border-color: var(--vscode-focusBorder); }
    .loading { display: flex; align-items: center; gap: 12px; }
    progress { width: 240px; accent-color: var(--vscode-progressBar-background); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .steps { margin: 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 12px; }
    .step { padding: 2px 0 2px 12px; border-left: 2px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor)); }
    .step-title { color: var(--vscode-descriptionForeground); margin-bottom: 4px; }
    .qa { display: grid; grid-template-columns: minmax(120px, max-content) 1fr; gap: 16px; }
    .q { color: var(--vscode-descriptionForeground); }
    .problems { border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground)); }
    .problems ul { margin: 0; padding-left: 20px; }
    .empty { color: var(--vscode-descriptionForeground); }
  `]
  static override properties = {
    message: { attribute: false },
    draft: { attribute: false },
  }
  declare message: ScreenMessage | null
  declare draft: Draft | undefined
  /** Set by main.ts: forwards to the extension host. */
  post: (m: WebviewToHost) => void = () => {}
  /** History's Delete button: off in serve's browser app, where History is an audit trail. */
  canDelete = true
  /** History's Queue… button: VS Code's (webview/main.ts); serve's History page has its own form. */
  canQueue = false

  constructor() {
    super()
    this.message = null
    this.draft = undefined
    // Links and menu items of displays (anywhere below) fire OPEN_EVENT; the host opens the target.
    this.addEventListener(OPEN_EVENT, (e) => this.post({ type: 'open', ...(e as CustomEvent<OpenTarget>).detail }))
  }

  override render() {
    const m = this.message
    if (!m) return html`<p class="empty" data-testid="status">Waiting for the action to start…</p>`
    if (m.type === 'history') return renderHistory(m.entry, (msg) => this.post(msg), { canDelete: this.canDelete, canQueue: this.canQueue })
    return renderTxView(m.state, { post: (msg) => this.post(msg), draft: this.draft })
  }
}
customElement('mi-app', MiApp)
