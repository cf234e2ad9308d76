// Template helpers for every control the webview draws. Components call these
// and never name a toolkit tag, so a different library only changes this folder.
import { css, html, nothing, type TemplateResult } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import type { LabeledTextArea, LabeledTextField } from './labeled-controls'

export { registerPrimitives } from './register'

/**
 * For the shadow root that holds the controls: a red border on an invalid
 * control (class "control" inside a host with [invalid]) unless it has focus.
 * The toolkit draws its border on the part "root" (text field) / "control" (text area).
 */
export const controlStyles = css`
  :host([invalid]) .control:not(:focus-within)::part(root),
  :host([invalid]) .control:not(:focus-within)::part(control) {
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
`

export interface TextControlOptions {
  /** Accessible name of the control (the visible label is drawn by the caller). */
  label: string
  /** Help text and error, announced after the name. */
  description?: string
  value: string
  placeholder?: string
  disabled?: boolean
  invalid?: boolean
  maxLength?: number
  onInput: (value: string) => void
}

const inputValue = (e: Event): string => (e.currentTarget as InstanceType<typeof LabeledTextField | typeof LabeledTextArea>).value ?? ''

export function textField(o: TextControlOptions & { type?: 'text' | 'email' | 'url'; prefix?: string; inputMode?: string }): TemplateResult {
  return html`<vscode-labeled-text-field
    class="control"
    type=${o.type ?? 'text'}
    .label=${o.label}
    .description=${o.description ?? ''}
    .value=${o.value}
    placeholder=${ifDefined(o.placeholder || undefined)}
    maxlength=${ifDefined(o.maxLength)}
    aria-invalid=${o.invalid ? 'true' : 'false'}
    ?disabled=${o.disabled ?? false}
    @input=${(e: Event) => o.onInput(inputValue(e))}
  >${o.prefix ? html`<span slot="start" class="prefix" aria-hidden="true">${o.prefix}</span>` : nothing}</vscode-labeled-text-field>`
}

export function textArea(o: TextControlOptions & { rows?: number }): TemplateResult {
  return html`<vscode-labeled-text-area
    class="control"
    resize="vertical"
    rows=${o.rows ?? 3}
    .label=${o.label}
    .description=${o.description ?? ''}
    .value=${o.value}
    placeholder=${ifDefined(o.placeholder || undefined)}
    maxlength=${ifDefined(o.maxLength)}
    aria-invalid=${o.invalid ? 'true' : 'false'}
    ?disabled=${o.disabled ?? false}
    @input=${(e: Event) => o.onInput(inputValue(e))}
  ></vscode-labeled-text-area>`
}

export function checkbox(o: {
  label: string
  description?: string
  checked: boolean
  disabled?: boolean
  invalid?: boolean
  onChange: (checked: boolean) => void
}): TemplateResult {
  // The checkbox host is the focusable role=checkbox element; its slotted text is its visible label.
  return html`<vscode-checkbox
    class="control"
    aria-label=${o.label}
    aria-description=${ifDefined(o.description || undefined)}
    aria-invalid=${o.invalid ? 'true' : 'false'}
    .checked=${o.checked}
    ?disabled=${o.disabled ?? false}
    @change=${(e: Event) => o.onChange((e.currentTarget as HTMLInputElement).checked)}
  >${o.label}</vscode-checkbox>`
}

/**
 * For the shadow root that holds a danger button: the toolkit's primary button
 * re-coloured through its own design-token properties with VS Code's error colours.
 */
export const dangerButtonStyles = css`
  vscode-button.danger {
    --button-primary-background: var(--vscode-inputValidation-errorBackground, var(--vscode-errorForeground));
    --button-primary-hover-background: var(--vscode-inputValidation-errorBackground, var(--vscode-errorForeground));
    --button-primary-foreground: var(--vscode-foreground);
    --button-border: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
  vscode-button.danger:hover { filter: brightness(1.12); }
`

export type ButtonAppearance = 'primary' | 'secondary' | 'danger'

/** `danger` needs `dangerButtonStyles` in the caller's shadow root. */
export function button(o: {
  label: string
  ariaLabel?: string
  /** Tooltip: what the button does when its label alone does not say. */
  title?: string
  appearance?: ButtonAppearance
  disabled?: boolean
  testId?: string
  onClick: () => void
}): TemplateResult {
  return html`<vscode-button
    class=${o.appearance === 'danger' ? 'danger' : ''}
    appearance=${o.appearance === 'secondary' ? 'secondary' : 'primary'}
    aria-label=${ifDefined(o.ariaLabel)}
    title=${ifDefined(o.title)}
    data-testid=${ifDefined(o.testId)}
    ?disabled=${o.disabled ?? false}
    @click=${() => { if (!o.disabled) o.onClick() }}
  >${o.label}</vscode-button>`
}

/**
 * Spinner only: the toolkit's determinate ring sets an inline `style`
 * attribute, which the webview's CSP refuses. Counts are shown as text.
 */
export function spinner(label: string): TemplateResult {
  return html`<vscode-progress-ring aria-label=${label}></vscode-progress-ring>`
}
