import { css, html, nothing, type PropertyValues } from 'lit'
import { customElement } from './define'
import { IoField } from './io-field'
import { nativeStyles } from './native-styles'
import { loadHtml, safeHref, serializeHtml } from './rich-html'

interface Tool {
  id: string
  label: string
  text: string
  shortcut?: string
  run: (self: IoInputRichText) => void
  /** Whether the selection already has this format (aria-pressed). */
  active?: () => boolean
}

const block = (): string => String(document.queryCommandValue('formatBlock') || '').toLowerCase()
const toggleBlock = (tag: string) => (self: IoInputRichText) => self.exec('formatBlock', block() === tag ? 'p' : tag)

const TOOLS: Tool[] = [
  { id: 'bold', label: 'Bold', text: 'B', shortcut: 'Control+B', run: (s) => s.exec('bold'), active: () => document.queryCommandState('bold') },
  { id: 'italic', label: 'Italic', text: 'I', shortcut: 'Control+I', run: (s) => s.exec('italic'), active: () => document.queryCommandState('italic') },
  { id: 'h2', label: 'Heading', text: 'H2', run: toggleBlock('h2'), active: () => block() === 'h2' },
  { id: 'h3', label: 'Subheading', text: 'H3', run: toggleBlock('h3'), active: () => block() === 'h3' },
  { id: 'ul', label: 'Bulleted list', text: '•', run: (s) => s.exec('insertUnorderedList'), active: () => document.queryCommandState('insertUnorderedList') },
  { id: 'ol', label: 'Numbered list', text: '1.', run: (s) => s.exec('insertOrderedList'), active: () => document.queryCommandState('insertOrderedList') },
  { id: 'quote', label: 'Quote', text: '❝', run: toggleBlock('blockquote'), active: () => block() === 'blockquote' },
  { id: 'link', label: 'Link', text: 'Link', shortcut: 'Control+K', run: (s) => s.openLink() },
]

/**
 * io.input.richText: a contenteditable editor with a formatting toolbar. The
 * answer is the editor's DOM written out through the allowlist in rich-html.ts;
 * a defaultValue is loaded through the same allowlist, never as markup.
 */
export class IoInputRichText extends IoField {
  static override styles = [...IoField.styles, nativeStyles, css`
    .rich { max-width: 640px; border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent)); border-radius: 2px; background: var(--vscode-input-background); }
    .rich:focus-within { border-color: var(--vscode-focusBorder); }
    :host([invalid]) .rich:not(:focus-within) { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 2px; padding: 3px; border-bottom: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent)); }
    .tool {
      min-width: 26px; height: 24px; padding: 0 6px; font: inherit; cursor: pointer;
      color: var(--vscode-foreground); background: transparent;
      border: 1px solid transparent; border-radius: 3px;
    }
    .tool:hover { background: var(--vscode-toolbar-hoverBackground, var(--vscode-list-hoverBackground)); }
    .tool:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
    .tool[aria-pressed='true'] {
      background: var(--vscode-inputOption-activeBackground, var(--vscode-list-activeSelectionBackground));
      border-color: var(--vscode-inputOption-activeBorder, var(--vscode-contrastActiveBorder, transparent));
      color: var(--vscode-inputOption-activeForeground, var(--vscode-foreground));
    }
    .tool-bold { font-weight: 700; }
    .tool-italic { font-style: italic; font-family: serif; }
    .tool:disabled { opacity: 0.5; cursor: default; }
    .editor {
      min-height: 6em; max-height: 24em; overflow-y: auto; padding: 6px 8px;
      color: var(--vscode-input-foreground); outline: none; overflow-wrap: anywhere;
    }
    .editor.empty::before { content: attr(data-placeholder); color: var(--vscode-input-placeholderForeground); pointer-events: none; position: absolute; }
    .editor > :first-child { margin-top: 0; }
    .editor p, .editor ul, .editor ol, .editor blockquote { margin: 0 0 6px; }
    .editor h2 { font-size: 1.3em; margin: 6px 0; }
    .editor h3 { font-size: 1.1em; margin: 6px 0; }
    .editor ul, .editor ol { padding-left: 22px; }
    .editor blockquote { padding: 2px 10px; border-left: 3px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); }
    .editor code { background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
    .editor a { color: var(--vscode-textLink-foreground); }
    .link-row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px; border-top: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent)); }
    .link-row .native { flex: 1; min-width: 160px; }
    .link-error { color: var(--vscode-errorForeground); width: 100%; }
    .link-error:empty { display: none; }
  `]

  private lastEmitted: unknown = undefined
  private savedRange: Range | null = null
  private linkOpen = false
  private linkError = ''
  private focusedTool = 0
  private readonly onSelectionChange = () => this.saveSelection()

  private get editor(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.editor')
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.addEventListener('selectionchange', this.onSelectionChange)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    document.removeEventListener('selectionchange', this.onSelectionChange)
  }

  /** The label and the prompt focus the text, not the first toolbar button. */
  override focus(options?: FocusOptions): void {
    this.editor ? this.editor.focus(options) : super.focus(options)
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    const editor = this.editor
    if (!editor || !changed.has('value') || this.value === this.lastEmitted) return
    // A value we did not type (defaultValue, a draft, the host's re-shown answer).
    loadHtml(editor, typeof this.value === 'string' ? this.value : '')
    this.lastEmitted = this.value
    this.markEmpty()
  }

  private selection(): Selection | null {
    const root = this.renderRoot as ShadowRoot & { getSelection?: () => Selection | null }
    return root.getSelection?.() ?? document.getSelection()
  }

  private saveSelection(): void {
    const sel = this.selection()
    const editor = this.editor
    if (!sel || sel.rangeCount === 0 || !editor) return
    const range = sel.getRangeAt(0)
    if (editor.contains(range.commonAncestorContainer)) {
      this.savedRange = range.cloneRange()
      this.requestUpdate() // aria-pressed follows the caret
    }
  }

  /** Puts the caret back where it was before a toolbar button or the link row took focus. */
  private restoreSelection(): void {
    const editor = this.editor
    // Still in the editor: the live selection (and Chrome's pending bold/italic typing style) is right.
    if (!editor || (this.renderRoot as ShadowRoot).activeElement === editor) return
    editor.focus()
    const sel = this.selection()
    if (sel && this.savedRange) {
      sel.removeAllRanges()
      sel.addRange(this.savedRange)
    }
  }

  /** Runs an editing command on the text the person last selected. */
  exec(command: string, value?: string): void {
    if (this.disabled) return
    this.restoreSelection()
    document.execCommand(command, false, value)
    this.changed()
  }

  private changed(): void {
    const editor = this.editor
    if (!editor) return
    this.markEmpty()
    const htmlValue = serializeHtml(editor)
    this.lastEmitted = htmlValue
    this.emit(htmlValue)
    this.saveSelection()
    this.requestUpdate()
  }

  private markEmpty(): void {
    const editor = this.editor
    if (editor) editor.classList.toggle('empty', !(editor.textContent ?? '').trim() && !editor.querySelector('li'))
  }

  openLink(): void {
    if (this.disabled) return
    this.saveSelection()
    this.linkOpen = true
    this.linkError = ''
    this.requestUpdate()
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.link-url')?.focus())
  }

  private closeLink(): void {
    this.linkOpen = false
    this.linkError = ''
    this.requestUpdate()
    this.restoreSelection()
  }

  private applyLink(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('.link-url')
    const href = safeHref(input?.value ?? '')
    if (!href) {
      this.linkError = 'Use a full http://, https:// or mailto: address.'
      this.requestUpdate()
      return
    }
    this.linkOpen = false
    this.linkError = ''
    this.restoreSelection()
    const sel = this.selection()
    if (sel && sel.rangeCount && !sel.getRangeAt(0).collapsed) {
      document.execCommand('createLink', false, href)
    } else {
      // Nothing selected: the address itself becomes the link text.
      document.execCommand('insertText', false, href)
      const after = this.selection()?.getRangeAt(0)
      const node = after?.startContainer
      if (after && node?.nodeType === Node.TEXT_NODE) {
        const r = document.createRange()
        r.setStart(node, Math.max(0, after.startOffset - href.length))
        r.setEnd(node, after.startOffset)
        sel?.removeAllRanges()
        sel?.addRange(r)
        document.execCommand('createLink', false, href)
        sel?.collapseToEnd()
      }
    }
    this.changed()
  }

  private onEditorKeydown(e: KeyboardEvent): void {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
    const key = e.key.toLowerCase()
    const tool = key === 'b' ? TOOLS[0] : key === 'i' ? TOOLS[1] : key === 'k' ? TOOLS[7] : undefined
    if (!tool) return
    e.preventDefault()
    e.stopPropagation()
    tool.run(this)
  }

  private onPaste(e: ClipboardEvent): void {
    // Pasted markup is not trusted either: paste its text; the toolbar formats it.
    e.preventDefault()
    document.execCommand('insertText', false, e.clipboardData?.getData('text/plain') ?? '')
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault()
    const text = e.dataTransfer?.getData('text/plain')
    if (text) document.execCommand('insertText', false, text)
  }

  private onToolbarKeydown(e: KeyboardEvent): void {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? TOOLS.length - 1 : delta ? (this.focusedTool + delta + TOOLS.length) % TOOLS.length : -1
    if (to < 0) return
    e.preventDefault()
    this.focusedTool = to
    this.requestUpdate()
    void this.updateComplete.then(() => this.renderRoot.querySelectorAll<HTMLButtonElement>('.tool')[to]?.focus())
  }

  protected override firstUpdated(): void {
    // Enter makes paragraphs, not <div>s.
    document.execCommand('defaultParagraphSeparator', false, 'p')
  }

  protected override renderControl(description: string) {
    const inEditor = !!this.savedRange && document.activeElement === this
    return html`<div class="rich">
      <div class="toolbar" role="toolbar" aria-label="Formatting" @keydown=${this.onToolbarKeydown}>
        ${TOOLS.map((t, i) => html`<button type="button" class="tool tool-${t.id}"
          aria-label=${t.label}
          title=${t.shortcut ? `${t.label} (${t.shortcut.replace('Control', 'Ctrl')})` : t.label}
          aria-keyshortcuts=${t.shortcut ?? nothing}
          aria-pressed=${t.active ? String(inEditor && safeState(t.active)) : nothing}
          tabindex=${i === this.focusedTool ? 0 : -1}
          ?disabled=${this.disabled}
          @mousedown=${(e: Event) => e.preventDefault()}
          @focus=${() => { this.focusedTool = i }}
          @click=${() => t.run(this)}>${t.text}</button>`)}
      </div>
      <div class="editor"
        role="textbox"
        aria-multiline="true"
        aria-label=${this.component.label}
        aria-description=${description}
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-disabled=${this.disabled ? 'true' : 'false'}
        data-placeholder=${this.str('placeholder') ?? ''}
        contenteditable=${this.disabled ? 'false' : 'true'}
        tabindex="0"
        @input=${() => this.changed()}
        @keydown=${this.onEditorKeydown}
        @paste=${this.onPaste}
        @drop=${this.onDrop}></div>
      ${this.linkOpen
        ? html`<div class="link-row" role="group" aria-label="Insert link"
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.closeLink() }
              if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); this.applyLink() }
            }}>
            <input class="native link-url" type="url" aria-label="Link address" placeholder="https://" />
            <button type="button" class="tool" @click=${() => this.applyLink()}>Apply</button>
            <button type="button" class="tool" @click=${() => this.closeLink()}>Cancel</button>
            <div class="link-error" role="alert">${this.linkError}</div>
          </div>`
        : nothing}
    </div>`
  }
}

function safeState(fn: () => boolean): boolean {
  try {
    return fn()
  } catch {
    return false
  }
}
customElement('io-input-rich-text', IoInputRichText)
