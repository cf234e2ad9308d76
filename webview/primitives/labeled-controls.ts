// Text field and text area whose accessible name sits on the inner control only.
//
// Why: the toolkit copies the host's textContent into the host's `aria-label`
// (or "Text field" when empty), and FAST mirrors that attribute onto the inner
// <input>. Two elements then share one name and `getByLabel` finds both, or
// the real control is called "Text field". These subclasses skip that step and
// put `label`/`description` straight on the inner control.
import { TextArea, TextField } from '@vscode/webview-ui-toolkit'
import { textAreaTemplate, textFieldTemplate, type FoundationElementDefinition, type TextFieldOptions } from '@microsoft/fast-foundation'
import { textFieldStyles } from '@vscode/webview-ui-toolkit/dist/text-field/text-field.styles.js'
import { textAreaStyles } from '@vscode/webview-ui-toolkit/dist/text-area/text-area.styles.js'

function setOrRemove(el: Element | undefined, name: string, value: string): void {
  if (!el) return
  if (value) el.setAttribute(name, value)
  else el.removeAttribute(name)
}

/** Calls the FAST base class's connectedCallback, skipping the toolkit's aria-label copy. */
function connectWithoutToolkitLabel(self: HTMLElement, toolkitClass: { prototype: object }): void {
  const base = Object.getPrototypeOf(toolkitClass.prototype) as { connectedCallback(): void }
  base.connectedCallback.call(self)
}

type ToolkitControl = new (...args: any[]) => HTMLElement & { control: HTMLElement; connectedCallback(): void }

/** A toolkit control whose accessible name and description sit only on its inner input. */
function withOwnLabel<B extends ToolkitControl>(Base: B) {
  return class extends Base {
    _label = ''
    _description = ''
    get label(): string { return this._label }
    set label(v: string) { this._label = v; this.syncAria() }
    /** Help text and error, read after the name by screen readers. */
    get description(): string { return this._description }
    set description(v: string) { this._description = v; this.syncAria() }

    override connectedCallback(): void {
      connectWithoutToolkitLabel(this, Base)
      this.syncAria()
    }
    syncAria(): void {
      setOrRemove(this.control, 'aria-label', this._label)
      setOrRemove(this.control, 'aria-description', this._description)
    }
  }
}

export const LabeledTextField = withOwnLabel(TextField)
export const LabeledTextArea = withOwnLabel(TextArea)

export const labeledTextField = LabeledTextField.compose({
  baseName: 'labeled-text-field',
  template: textFieldTemplate,
  // The toolkit's style functions type `definition` more strictly than compose() passes it.
  styles: (context, definition) => textFieldStyles(context, definition as TextFieldOptions),
  shadowOptions: { delegatesFocus: true },
})

export const labeledTextArea = LabeledTextArea.compose({
  baseName: 'labeled-text-area',
  template: textAreaTemplate,
  styles: (context, definition) => textAreaStyles(context, definition as FoundationElementDefinition),
  shadowOptions: { delegatesFocus: true },
})
