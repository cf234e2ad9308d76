// Registers the toolkit's custom elements once. The only place (with the
// files next to it) that knows which UI library draws the controls.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit'
import { labeledTextArea, labeledTextField } from './labeled-controls'

let registered = false

export function registerPrimitives(): void {
  if (registered) return
  registered = true
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeProgressRing(),
    labeledTextField(),
    labeledTextArea(),
  )
}
