// The ctx.log lines: one text node in one <pre> (10,000 lines are one string,
// not 10,000 nodes), in a box of bounded height. While a transaction runs the
// box follows new lines, unless the person scrolled up to read.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { customElement } from '../components/define'
import { baseStyles } from './styles'

const count = new Intl.NumberFormat()

export class MiLog extends LitElement {
  static override styles = [baseStyles, css`
    pre { max-height: 320px; overflow: auto; white-space: pre-wrap; }
    .omitted { margin: 6px 0 0; }
  `]
  static override properties = {
    lines: { attribute: false },
    omitted: { attribute: false },
    follow: { type: Boolean },
  }
  declare lines: string[]
  declare omitted: number
  /** Keep the newest line in view (a running transaction). */
  declare follow: boolean

  private text = ''
  private joined: string[] | undefined
  private atBottom = true

  constructor() {
    super()
    this.lines = []
    this.omitted = 0
    this.follow = false
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lines') && this.lines !== this.joined) {
      this.joined = this.lines
      this.text = this.lines.join('\n')
    }
  }

  private onScroll(e: Event): void {
    const el = e.currentTarget as HTMLElement
    this.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8
  }

  protected override updated(): void {
    if (!this.follow || !this.atBottom) return
    const pre = this.renderRoot.querySelector('pre')
    if (pre) pre.scrollTop = pre.scrollHeight
  }

  override render() {
    if (this.lines.length === 0 && !this.omitted) return nothing
    return html`<section class="logs" aria-labelledby="logs-title">
      <h2 class="section-title" id="logs-title">Logs</h2>
      <pre data-testid="logs" tabindex="0" aria-label="Log lines" @scroll=${this.onScroll}>${this.text}</pre>
      ${this.omitted
        ? html`<p class="muted omitted" data-testid="logs-omitted">${count.format(this.omitted)} more ${this.omitted === 1 ? 'line' : 'lines'} not kept</p>`
        : nothing}
    </section>`
  }
}
customElement('mi-log', MiLog)
