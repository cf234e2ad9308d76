// The screen waiting for an answer: every component of the prompt, checked
// with the host's own checkAnswer before one `submit` message is posted.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { checkAnswer, isDisplay, type Choice, type Prompt, type WebviewToHost } from '../../src/core/protocol'
import { initialValue, renderComponent } from '../components'
import { customElement } from '../components/define'
import type { SearchRequest } from '../components/io-search'
import { button, dangerButtonStyles } from '../primitives'
import { baseStyles } from './styles'

/** What the person typed on a screen, kept so a re-shown panel restores it. */
export interface Draft {
  seq: number
  values: unknown[]
}
export const DRAFT_EVENT = 'mi-draft'
/** How long after an answer is sent its screen is drawn busy (controls disabled), if the next one has not come. */
const BUSY_DRAWN_AFTER_MS = 100

export class MiPrompt extends LitElement {
  static override styles = [baseStyles, dangerButtonStyles, css`
    .prompt { display: flex; flex-direction: column; gap: 16px; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .form-error {
      margin: 0; padding: 6px 10px; border-radius: 2px;
      color: var(--vscode-foreground);
      background: var(--vscode-inputValidation-errorBackground, transparent);
      border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
    }
  `]
  static override properties = {
    prompt: { attribute: false },
    draft: { attribute: false },
    post: { attribute: false },
  }
  declare prompt: Prompt
  declare draft: Draft | undefined
  declare post: (m: WebviewToHost) => void

  private values: unknown[] = []
  private errors: (string | null)[] = []
  /** True between posting an answer and the host's next screen. */
  private busy = false
  private shown: Prompt | undefined
  private focusNext: 'first' | 'invalid' | null = null

  private get isConfirm(): boolean {
    return this.prompt.components.some((c) => c.method === 'CONFIRM')
  }

  /** The host answers io.confirmIdentity itself (a modal dialog): no buttons here. */
  private get isIdentity(): boolean {
    return this.prompt.components.some((c) => c.method === 'CONFIRM_IDENTITY')
  }

  private get choices(): Choice[] {
    return this.prompt.choices ?? []
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('draft')) this.lateDraft()
    if (!changed.has('prompt') || this.prompt === this.shown) return
    const p = this.prompt
    const sameScreen = this.shown?.seq === p.seq
    if (sameScreen && !p.values && !p.errors) {
      // The same screen re-sent (e.g. with a new log line): keep what was typed, errors and busy.
      this.shown = p
      if (changed.has('draft')) this.lateDraft()
      return
    }
    if (!sameScreen) this.typed = false
    const draft = !sameScreen && this.draft?.seq === p.seq ? this.draft.values : undefined
    // Host values (a refused answer) win; then what was typed on this screen; then defaults.
    this.values = p.components.map((c, i) =>
      p.values ? p.values[i] : sameScreen ? this.values[i] : draft && i < draft.length ? draft[i] : initialValue(c),
    )
    this.errors = p.components.map((_, i) => p.errors?.[i] ?? null)
    this.busy = false
    this.focusNext = this.errors.some(Boolean) ? 'invalid' : sameScreen ? null : 'first'
    this.shown = p
  }

  protected override updated(): void {
    if (!this.focusNext) return
    const which = this.focusNext
    this.focusNext = null
    void this.focusField(which)
  }

  private async focusField(which: 'first' | 'invalid'): Promise<void> {
    const wraps = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-field]')]
    const index = which === 'invalid'
      ? this.errors.findIndex(Boolean)
      : this.prompt.components.findIndex((c) => !isDisplay(c.method))
    const el = wraps[index]?.firstElementChild as (HTMLElement & { updateComplete?: Promise<unknown> }) | null
    if (!el) return
    await el.updateComplete
    el.focus()
  }

  /** A draft that arrives after its screen was drawn (a resumed run's, kept by the host) fills it, unless typing began here. */
  private lateDraft(): void {
    const shown = this.shown
    if (this.typed || !this.draft || this.draft.seq !== shown?.seq || shown.values) return
    const d = this.draft.values
    this.values = shown.components.map((c, i) => (i < d.length ? d[i] : initialValue(c)))
  }

  /** The person typed on this screen: a draft arriving later does not overwrite it. */
  private typed = false

  private setValue(i: number, value: unknown): void {
    this.typed = true
    this.values[i] = value
    if (this.errors[i]) this.errors[i] = null // the person is fixing it
    this.requestUpdate()
    // Files are not kept in drafts: vscode.setState would copy megabytes of base64 on every change.
    const values = this.values.map((v, j) => (this.prompt.components[j]?.method === 'INPUT_FILE' ? initialValue(this.prompt.components[j]!) : v))
    this.dispatchEvent(new CustomEvent<Draft>(DRAFT_EVENT, {
      detail: { seq: this.prompt.seq, values }, bubbles: true, composed: true,
    }))
  }

  private search(i: number, e: CustomEvent<SearchRequest>): void {
    e.stopPropagation()
    this.post({ type: 'search', seq: this.prompt.seq, index: i, requestId: e.detail.requestId, query: e.detail.query })
  }

  private submit(choice?: string): void {
    if (this.busy) return
    const checks = this.prompt.components.map((c, i) => checkAnswer(c, this.values[i]))
    this.errors = checks.map((r) => (r.ok ? null : r.error))
    if (this.errors.some(Boolean)) {
      this.focusNext = 'invalid'
      this.requestUpdate()
      return
    }
    // null for displays and for empty optional answers (`undefined` is not JSON).
    const values = checks.map((r, i) => (isDisplay(this.prompt.components[i]!.method) || !r.ok ? null : r.value ?? null))
    this.send(values, choice)
  }

  private confirm(answer: boolean): void {
    if (this.busy) return
    this.send(this.prompt.components.map((c) => (c.method === 'CONFIRM' ? answer : null)))
  }

  private send(values: unknown[], choice?: string): void {
    // Busy at once (a second Enter sends nothing), drawn so a moment later: the next prompt usually
    // comes first, and a redraw at the Enter would make VS Code carry the answer after that frame.
    this.busy = true
    const seq = this.prompt.seq
    this.post({ type: 'submit', seq, values, ...(choice !== undefined ? { choice } : {}) })
    setTimeout(() => this.busy && this.prompt.seq === seq && this.requestUpdate(), BUSY_DRAWN_AFTER_MS)
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.defaultPrevented || this.isConfirm || this.isIdentity) return
    // With several choices, which one Enter means is a guess: it does nothing.
    if (this.choices.length > 1) return
    const origin = e.composedPath()[0]
    // Enter adds a line in a textarea or rich text, presses a focused button, opens a file picker.
    if (origin instanceof HTMLTextAreaElement || origin instanceof HTMLButtonElement) return
    if (origin instanceof HTMLInputElement && origin.type === 'file') return
    if (origin instanceof HTMLElement && (origin.isContentEditable || origin.closest('vscode-button'))) return
    e.preventDefault()
    this.submit(this.choices[0]?.value)
  }

  private renderActions() {
    if (this.isConfirm || this.isIdentity) return nothing
    const choices = this.choices
    return html`<div class="actions">
      ${choices.length
        ? choices.map((c, i) => button({
            label: c.label,
            appearance: c.theme ?? (i === 0 ? 'primary' : 'secondary'),
            disabled: this.busy,
            testId: `choice-${c.value}`,
            onClick: () => this.submit(c.value),
          }))
        : button({ label: 'Submit', disabled: this.busy, onClick: () => this.submit() })}
    </div>`
  }

  override render() {
    const p = this.prompt
    return html`<form class="prompt" aria-label="Answer" novalidate
      @submit=${(e: Event) => e.preventDefault()}
      @keydown=${this.onKeydown}
      @mi-confirm=${(e: CustomEvent<boolean>) => this.confirm(e.detail)}>
      ${p.components.map((c, i) => html`<div data-field data-testid="field-${i}"
          @mi-change=${(e: CustomEvent<unknown>) => this.setValue(i, e.detail)}
          @mi-search=${(e: CustomEvent<SearchRequest>) => this.search(i, e)}>
          ${renderComponent(c, this.values[i], this.errors[i] ?? null, this.busy, { seq: p.seq, index: i })}
        </div>`)}
      ${p.formError ? html`<p class="form-error" role="alert" data-testid="form-error">${p.formError}</p>` : nothing}
      ${this.renderActions()}
    </form>`
  }
}
customElement('mi-prompt', MiPrompt)
