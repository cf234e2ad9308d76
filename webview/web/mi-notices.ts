// Notifications for the signed-in person (ctx.notify, a schedule's notify),
// from the list stream: a toast in the page, and the browser's own
// notification once the person allowed it. Permission is asked only from the
// button this element shows, never on load.
import { LitElement, css, html, nothing } from 'lit'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { subscribeLive, type LiveEvent } from './live'
import { onLinkClick } from './router'

type Notice = Extract<LiveEvent, { type: 'notify' }>

/** How long a toast stays (ms); hovering or focusing it keeps it. */
const SHOWN_MS = 8000
const MAX_SHOWN = 4

const canNotify = (): boolean => typeof Notification !== 'undefined' && window.isSecureContext

export class MiNotices extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: contents; }
    .toasts { position: fixed; right: 16px; bottom: 16px; z-index: 20; display: flex; flex-direction: column; gap: 8px; width: min(360px, calc(100vw - 32px)); }
    .toast {
      display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; padding: 10px 12px; border-radius: 4px;
      color: var(--vscode-notifications-foreground, var(--vscode-foreground));
      background: var(--vscode-notifications-background, var(--vscode-editorWidget-background));
      border: 1px solid var(--vscode-notifications-border, var(--vscode-widget-border));
      box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.3));
    }
    .title { font-weight: 600; }
    .message { grid-column: 1; white-space: pre-wrap; overflow-wrap: anywhere; }
    .toast a { grid-column: 1; font-size: 12px; }
    .close { grid-column: 2; grid-row: 1; align-self: start; font: inherit; background: transparent; border: 0; color: var(--vscode-descriptionForeground); cursor: pointer; padding: 0 2px; }
    .close:hover { color: var(--vscode-foreground); }
    .allow {
      font: inherit; font-size: 12px; color: var(--vscode-foreground); background: transparent; cursor: pointer;
      border: 1px solid var(--vscode-widget-border); border-radius: 3px; padding: 3px 10px;
    }
    .allow:hover { background: var(--vscode-list-hoverBackground); }
  `]
  static override properties = { shown: { state: true }, permission: { state: true } }
  declare shown: Notice[]
  declare permission: NotificationPermission | 'unsupported'
  private stop?: () => void
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor() {
    super()
    this.shown = []
    this.permission = canNotify() ? Notification.permission : 'unsupported'
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.stop = subscribeLive((e) => {
      if (e.type === 'notify') this.show(e)
    })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stop?.()
    for (const t of this.timers.values()) clearTimeout(t)
  }

  private show(n: Notice): void {
    if (this.shown.some((s) => s.id === n.id)) return
    this.shown = [...this.shown, n].slice(-MAX_SHOWN)
    this.arm(n.id)
    if (this.permission === 'granted') {
      try {
        const shown = new Notification(n.title ?? 'Mini Interval', { body: n.message, tag: n.id })
        if (n.tx) shown.onclick = () => (window.focus(), location.assign(`/tx/${encodeURIComponent(n.tx!)}`))
      } catch {
        // some browsers allow notifications only from a service worker: the toast is enough
      }
    }
  }

  private arm(id: string): void {
    clearTimeout(this.timers.get(id))
    this.timers.set(id, setTimeout(() => this.dismiss(id), SHOWN_MS))
  }

  private dismiss(id: string): void {
    clearTimeout(this.timers.get(id))
    this.timers.delete(id)
    this.shown = this.shown.filter((s) => s.id !== id)
  }

  private async allow(): Promise<void> {
    if (!canNotify()) return
    this.permission = await Notification.requestPermission()
  }

  override render() {
    return html`
      ${this.permission === 'default'
        ? html`<button class="allow" data-testid="allow-notifications" title="Show notifications meant for you as the browser's notifications too" @click=${() => void this.allow()}>Allow notifications</button>`
        : nothing}
      <div class="toasts" role="status" aria-live="polite">
        ${this.shown.map((n) => html`<div class="toast" data-testid="toast"
            @mouseenter=${() => clearTimeout(this.timers.get(n.id))} @mouseleave=${() => this.arm(n.id)}
            @focusin=${() => clearTimeout(this.timers.get(n.id))} @focusout=${() => this.arm(n.id)}>
          ${n.title ? html`<div class="title">${n.title}</div>` : nothing}
          <div class="message">${n.message}</div>
          ${n.tx && !location.pathname.endsWith(`/${n.tx}`) ? html`<a href="/tx/${encodeURIComponent(n.tx)}" @click=${onLinkClick}>Open the run</a>` : nothing}
          <button class="close" aria-label="Dismiss" title="Dismiss" @click=${() => this.dismiss(n.id)}>✕</button>
        </div>`)}
      </div>`
  }
}
customElement('mi-notices', MiNotices)
