import { css, html, nothing } from 'lit'
import type { FileWire } from '../../src/core/protocol'
import { button } from '../primitives'
import { customElement } from './define'
import { IoField } from './io-field'
import { nativeStyles } from './native-styles'
import { formatBytes, readFileWire } from './read-file'

interface Reading {
  name: string
  fraction: number
}

const isFileWire = (v: unknown): v is FileWire => !!v && typeof v === 'object' && typeof (v as FileWire).name === 'string'

/**
 * io.input.file: a file picker (the native input, named by the label, drawn as
 * a button) and a drop zone. Picked files are read here and answered as
 * FileWire (or FileWire[] with .multiple()).
 */
export class IoInputFile extends IoField {
  static override styles = [...IoField.styles, nativeStyles, css`
    .drop {
      max-width: 480px; box-sizing: border-box;
      display: flex; flex-direction: column; gap: 8px;
      padding: 12px;
      border: 1px dashed var(--vscode-input-border, var(--vscode-widget-border, var(--vscode-descriptionForeground)));
      border-radius: 4px;
    }
    .drop.over { border-style: solid; border-color: var(--vscode-focusBorder); background: var(--vscode-list-hoverBackground); }
    :host([invalid]) .drop { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
    .pick-row { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    .picker { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
    .pick {
      display: inline-flex; align-items: center; padding: 4px 11px; border-radius: 2px; cursor: pointer;
      color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground));
      background: var(--vscode-button-secondaryBackground, var(--vscode-button-background));
      border: 1px solid var(--vscode-button-border, transparent);
    }
    .pick:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
    .picker:focus-visible + .pick { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
    .picker:disabled + .pick { opacity: 0.5; cursor: not-allowed; }
    .files { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
    .file { display: flex; align-items: center; gap: 10px; }
    .file-name { font-weight: 600; overflow-wrap: anywhere; }
    .file-size { color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
    .file vscode-button { margin-left: auto; }
    progress { width: 160px; accent-color: var(--vscode-progressBar-background); }
  `]

  private reading: Reading[] = []
  private dragOver = false

  private get multiple(): boolean {
    return this.component.multiple === true
  }

  private get files(): FileWire[] {
    if (Array.isArray(this.value)) return this.value.filter(isFileWire)
    return isFileWire(this.value) ? [this.value] : []
  }

  private get accept(): string | undefined {
    const exts = this.props.allowedExtensions
    if (!Array.isArray(exts) || !exts.length) return undefined
    return exts.map((e) => '.' + String(e).replace(/^\./, '')).join(',')
  }

  private async add(list: FileList | null): Promise<void> {
    const picked = Array.from(list ?? [])
    if (!picked.length || this.disabled) return
    const chosen = this.multiple ? picked : picked.slice(0, 1)
    const jobs = chosen.map((f) => ({ name: f.name, fraction: 0 }))
    this.reading = [...this.reading, ...jobs]
    this.requestUpdate()
    try {
      const read = await Promise.all(chosen.map((f, i) => readFileWire(f, (fraction) => {
        jobs[i]!.fraction = fraction
        this.requestUpdate()
      })))
      this.emit(this.multiple ? [...this.files, ...read] : read[0])
    } catch (e) {
      this.emit(this.multiple ? this.files : null)
      console.warn(`[mini-interval] could not read a file: ${String(e)}`)
    } finally {
      this.reading = this.reading.filter((r) => !jobs.includes(r))
      this.requestUpdate()
    }
  }

  private removeFile(index: number): void {
    const rest = this.files.filter((_, i) => i !== index)
    this.emit(this.multiple ? rest : null)
    void this.updateComplete.then(() => this.focus())
  }

  protected override hint(): string | undefined {
    const accept = this.accept
    return accept ? `Allowed: ${accept.split(',').join(', ')}` : undefined
  }

  protected override renderControl(description: string) {
    const files = this.files
    const noun = this.multiple ? 'files' : 'a file'
    return html`<div class="drop ${this.dragOver ? 'over' : ''}"
        @dragover=${(e: DragEvent) => { e.preventDefault(); if (!this.dragOver) { this.dragOver = true; this.requestUpdate() } }}
        @dragleave=${() => { this.dragOver = false; this.requestUpdate() }}
        @drop=${(e: DragEvent) => { e.preventDefault(); this.dragOver = false; void this.add(e.dataTransfer?.files ?? null) }}>
      <div class="pick-row">
        <input id="picker" class="picker" type="file"
          accept=${this.accept ?? nothing}
          ?multiple=${this.multiple}
          ?disabled=${this.disabled}
          aria-label=${this.component.label}
          aria-description=${[description, `Choose ${noun} or drop ${this.multiple ? 'them' : 'it'} here.`].filter(Boolean).join(' ')}
          aria-invalid=${this.error ? 'true' : 'false'}
          @change=${(e: Event) => {
            const input = e.currentTarget as HTMLInputElement
            void this.add(input.files).then(() => { input.value = '' })
          }} />
        <label for="picker" class="pick" aria-hidden="true">${files.length && !this.multiple ? 'Replace file…' : `Choose ${noun}…`}</label>
        <span class="muted" aria-hidden="true">or drop ${this.multiple ? 'them' : 'it'} here</span>
      </div>
      ${this.reading.length
        ? html`<div role="status" class="reading">${this.reading.map((r) => html`<div class="file">
            <span>Reading ${r.name}…</span>
            <progress max="100" .value=${Math.round(r.fraction * 100)} aria-label="Reading ${r.name}"></progress>
            <span class="file-size">${Math.round(r.fraction * 100)}%</span>
          </div>`)}</div>`
        : nothing}
      ${files.length
        ? html`<ul class="files" aria-label="Chosen files">${files.map((f, i) => html`<li class="file">
            <span class="file-name">${f.name}</span>
            <span class="file-size">${formatBytes(f.size)}</span>
            ${button({ label: 'Remove', ariaLabel: `Remove ${f.name}`, appearance: 'secondary', disabled: this.disabled, onClick: () => this.removeFile(i) })}
          </li>`)}</ul>`
        : nothing}
    </div>`
  }
}
customElement('io-input-file', IoInputFile)
