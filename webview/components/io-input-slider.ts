import { css, html } from 'lit'
import { customElement } from './define'
import { IoField } from './io-field'
import { nativeStyles } from './native-styles'

/** Rounds away float noise (0.1 + 0.2) to the step's decimals. */
export function snapToStep(value: number, min: number, step: number | undefined): number {
  if (!step) return value
  const decimals = (String(step).split('.')[1] ?? '').length
  return Number((min + Math.round((value - min) / step) * step).toFixed(decimals))
}

/** io.input.slider: a native range (arrow keys, Home/End, Page Up/Down) with its value shown. */
export class IoInputSlider extends IoField {
  static override styles = [...IoField.styles, nativeStyles, css`
    .slider { display: flex; align-items: center; gap: 12px; max-width: 480px; }
    .range { flex: 1; min-width: 0; margin: 0; accent-color: var(--vscode-progressBar-background, var(--vscode-button-background)); }
    .range:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
    .value {
      min-width: 3ch; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600;
      padding: 1px 6px; border-radius: 2px;
      background: var(--vscode-badge-background); color: var(--vscode-badge-foreground);
      border: 1px solid var(--vscode-contrastBorder, transparent);
    }
    .bounds { color: var(--vscode-descriptionForeground); font-size: 0.92em; font-variant-numeric: tabular-nums; }
  `]

  protected override renderControl(description: string) {
    const min = this.num('min') ?? 0
    const max = this.num('max') ?? 100
    const step = this.num('step')
    const value = typeof this.value === 'number' ? this.value : min
    return html`<div class="slider">
      <span class="bounds" aria-hidden="true">${min}</span>
      <input class="range" type="range"
        min=${min} max=${max} step=${step ?? 1}
        .value=${String(value)}
        aria-label=${this.component.label}
        aria-description=${description}
        aria-invalid=${this.error ? 'true' : 'false'}
        ?disabled=${this.disabled}
        @input=${(e: Event) => this.emit(snapToStep(Number((e.currentTarget as HTMLInputElement).value), min, step))} />
      <span class="bounds" aria-hidden="true">${max}</span>
      <output class="value" aria-hidden="true" data-testid="slider-value">${value}</output>
    </div>`
  }
}
customElement('io-input-slider', IoInputSlider)
