import { LitElement, css, html, nothing } from 'lit'
import type { Component } from '../../src/core/protocol'
import { displayStyles, tokenStyles } from '../app/display-styles'
import { lazy } from '../app/lazy'
import { baseStyles } from '../app/styles'
import { customElement } from './define'

const prism = lazy(() => import('../app/highlight'))

/** io.display.code: highlighted code with its language and a Copy button. */
export class IoDisplayCode extends LitElement {
  static override styles = [baseStyles, displayStyles, tokenStyles, css`
    .frame {
      border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      border-radius: 3px;
      background: var(--vscode-textCodeBlock-background);
      overflow: hidden;
    }
    .bar {
      display: flex; align-items: center; gap: 8px;
      padding: 3px 6px 3px 10px;
      border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      font-size: 11px;
    }
    .lang { color: var(--vscode-descriptionForeground); text-transform: lowercase; }
    .bar .spacer { flex: 1; }
    .copied { color: var(--vscode-descriptionForeground); }
    pre {
      border: 0; border-radius: 0; background: transparent;
      white-space: pre; overflow: auto; word-break: normal;
      color: var(--vscode-editor-foreground, var(--vscode-foreground));
      tab-size: 2;
      max-height: 480px;
    }
  `]
  static override properties = { component: { attribute: false }, copied: { state: true } }
  declare component: Component
  declare copied: 'yes' | 'failed' | null
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.copied = null
  }

  private get code(): string {
    const c = this.component.props.code
    return typeof c === 'string' ? c : ''
  }

  private async copy(): Promise<void> {
    let ok = false
    try {
      await navigator.clipboard.writeText(this.code)
      ok = true
    } catch {
      // Some hosts refuse the async clipboard: copy what a selection of the <pre> holds.
      const pre = this.renderRoot.querySelector('pre')
      const sel = window.getSelection()
      if (pre && sel) {
        sel.selectAllChildren(pre)
        ok = document.execCommand('copy')
        sel.removeAllRanges()
      }
    }
    this.copied = ok ? 'yes' : 'failed'
    clearTimeout(this.timer)
    this.timer = setTimeout(() => { this.copied = null }, 2000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.timer)
  }

  override render() {
    const language = typeof this.component.props.language === 'string' ? this.component.props.language : undefined
    const label = this.component.label
    // Plain until Prism's chunk loads.
    const hl = prism.get(this)
    const known = hl?.grammarName(language)
    return html`${label ? html`<div class="display-label">${label}</div>` : nothing}
      <div class="frame">
        <div class="bar">
          <span class="lang">${language ?? 'text'}</span>
          <span class="spacer"></span>
          <span class="copied" role="status">${this.copied === 'yes' ? 'Copied' : this.copied === 'failed' ? 'Could not copy' : ''}</span>
          <button type="button" class="btn secondary small" aria-label=${label ? `Copy ${label}` : 'Copy code'} @click=${() => this.copy()}>Copy</button>
        </div>
        <pre tabindex="0" aria-label=${label || 'Code'} data-language=${known ?? nothing}><code>${hl ? hl.highlight(this.code, language) : this.code}</code></pre>
      </div>`
  }
}
customElement('io-display-code', IoDisplayCode)
