// The small menu of a table row or grid card ("⋯"): menu items that open a
// URL or start an action, greyed when disabled, red for danger, plus built-in
// entries (Copy row). Arrow keys move, Escape closes and gives focus back.
import { LitElement, css, html, nothing } from 'lit'
import type { MenuItemWire } from '../../../src/core/protocol'
import { describeTarget, dispatchOpen, linkTarget } from '../../app/links'
import { baseStyles } from '../../app/styles'
import { customElement } from '../define'

export const MENU_CLOSE_EVENT = 'mi-menu-close'

export interface MenuEntry {
  label: string
  danger?: boolean
  disabled?: boolean
  title?: string
  run(from: Element): void
}

/** A wire menu item as an entry: route/url → OPEN_EVENT; one without a target the view may open is disabled. */
export function menuEntry(m: MenuItemWire): MenuEntry {
  const target = linkTarget(m)
  return {
    label: m.label,
    danger: m.theme === 'danger',
    disabled: m.disabled === true || !target,
    ...(target ? { title: describeTarget(target) } : {}),
    run: (from) => { if (target) dispatchOpen(from, target) },
  }
}

export class MiRowMenu extends LitElement {
  static override styles = [baseStyles, css`
    :host {
      position: absolute; z-index: 10; display: block; min-width: 160px; max-width: 320px;
      padding: 4px 0;
      color: var(--vscode-menu-foreground, var(--vscode-foreground));
      background: var(--vscode-menu-background, var(--vscode-editorWidget-background, var(--vscode-editor-background)));
      border: 1px solid var(--vscode-menu-border, var(--vscode-contrastBorder, var(--vscode-widget-border, transparent)));
      border-radius: 4px;
      box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.36));
    }
    button {
      display: block; width: 100%; text-align: left; font: inherit; color: inherit; cursor: pointer;
      padding: 4px 14px; border: 1px solid transparent; background: transparent;
      white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
    }
    button:hover:not([aria-disabled='true']), button:focus {
      outline: none;
      color: var(--vscode-menu-selectionForeground, var(--vscode-list-activeSelectionForeground, inherit));
      background: var(--vscode-menu-selectionBackground, var(--vscode-list-activeSelectionBackground));
      border-color: var(--vscode-menu-selectionBorder, var(--vscode-contrastActiveBorder, transparent));
    }
    button.danger { color: var(--vscode-errorForeground); }
    button[aria-disabled='true'] { opacity: 0.45; cursor: default; }
    .sep { height: 1px; margin: 4px 0; background: var(--vscode-menu-separatorBackground, var(--vscode-widget-border, currentColor)); opacity: 0.6; }
  `]
  static override properties = { entries: { attribute: false }, extra: { attribute: false }, label: {} }
  declare entries: MenuEntry[]
  /** Built-in entries, after a separator. */
  declare extra: MenuEntry[]
  declare label: string

  constructor() {
    super()
    this.entries = []
    this.extra = []
    this.label = 'Row actions'
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.setAttribute('role', 'presentation')
    void this.updateComplete.then(() => this.items()[0]?.focus())
  }

  private items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll('button')]
  }

  private close(restoreFocus: boolean): void {
    this.dispatchEvent(new CustomEvent(MENU_CLOSE_EVENT, { detail: { restoreFocus }, bubbles: true, composed: true }))
  }

  private onKeydown(e: KeyboardEvent): void {
    const items = this.items()
    const at = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLButtonElement)
    const move = (i: number) => { e.preventDefault(); items[(i + items.length) % items.length]?.focus() }
    if (e.key === 'ArrowDown') move(at + 1)
    else if (e.key === 'ArrowUp') move(at - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(items.length - 1)
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.close(true) }
    else if (e.key === 'Tab') this.close(false)
    // Enter presses the item (a button): it must not also submit the prompt.
    else if (e.key === 'Enter') e.stopPropagation()
  }

  private choose(m: MenuEntry, e: Event): void {
    if (m.disabled) return
    m.run(this)
    this.close(true)
    e.stopPropagation()
  }

  private item(m: MenuEntry) {
    return html`<button type="button" role="menuitem" tabindex="-1" class=${m.danger ? 'danger' : ''}
      aria-disabled=${m.disabled ? 'true' : 'false'} title=${m.title ?? m.label}
      @click=${(e: Event) => this.choose(m, e)}>${m.label}</button>`
  }

  override render() {
    return html`<div role="menu" aria-label=${this.label} @keydown=${this.onKeydown}>
      ${this.entries.map((m) => this.item(m))}
      ${this.entries.length && this.extra.length ? html`<div class="sep" role="separator"></div>` : nothing}
      ${this.extra.map((m) => this.item(m))}
    </div>`
  }
}
customElement('mi-row-menu', MiRowMenu)
