// Which row's (or card's) "⋯" menu is open, for <io-table> and <io-grid>:
// opening and toggling, closing on a click outside or when its button leaves
// the DOM, and placing <mi-row-menu> under its button inside the `.table` box
// (outside the scrolling viewport, which would clip it).
import type { ReactiveController, ReactiveControllerHost } from 'lit'

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment }

export class MenuController<K> implements ReactiveController {
  open: { key: K; anchor: HTMLElement } | null = null

  constructor(private readonly host: Host) {
    host.addController(this)
  }

  isOpen(key: K): boolean {
    return this.open !== null && this.open.key === key
  }

  /** Opens the menu of `key` under `anchor`, or closes it when it is already open. */
  toggle(key: K, anchor: HTMLElement): void {
    this.open = this.isOpen(key) ? null : { key, anchor }
    if (this.open) window.addEventListener('pointerdown', this.onOutside, true)
    this.host.requestUpdate()
  }

  /** Forgets the open menu without an update (a new table, a reset view). */
  reset(): void {
    this.open = null
    window.removeEventListener('pointerdown', this.onOutside, true)
  }

  close(restoreFocus: boolean): void {
    const anchor = this.open?.anchor
    this.open = null
    window.removeEventListener('pointerdown', this.onOutside, true)
    this.host.requestUpdate()
    if (restoreFocus && anchor?.isConnected) anchor.focus()
  }

  private readonly onOutside = (e: Event): void => {
    const menu = this.host.renderRoot.querySelector('mi-row-menu')
    if (menu && !e.composedPath().some((t) => t === menu || t === this.open?.anchor)) this.close(false)
  }

  hostUpdated(): void {
    if (this.open && !this.open.anchor.isConnected) return this.close(false)
    const menu = this.host.renderRoot.querySelector<HTMLElement>('mi-row-menu')
    const box = this.host.renderRoot.querySelector<HTMLElement>('.table')
    if (!menu || !box || !this.open) return
    const a = this.open.anchor.getBoundingClientRect()
    const b = box.getBoundingClientRect()
    menu.style.top = `${a.bottom - b.top + 2}px`
    menu.style.right = `${Math.max(0, b.right - a.right)}px`
  }

  hostDisconnected(): void {
    window.removeEventListener('pointerdown', this.onOutside, true)
  }
}
