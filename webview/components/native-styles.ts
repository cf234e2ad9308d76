// Styles for the native controls the toolkit has no element for (range, date,
// time, datetime-local, file, the filter and search boxes): drawn with the
// same VS Code input colours as the toolkit's text field.
import { css } from 'lit'

export const nativeStyles = css`
  .filter, .native {
    box-sizing: border-box;
    max-width: 480px; width: 100%;
    padding: 4px 6px;
    font: inherit;
    color: var(--vscode-input-foreground);
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-dropdown-border, transparent));
    border-radius: 2px;
  }
  .filter::placeholder, .native::placeholder { color: var(--vscode-input-placeholderForeground); }
  .filter:focus, .native:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; border-color: var(--vscode-focusBorder); }
  :host([invalid]) .native:not(:focus), :host([invalid]) .options:not(:focus-within) {
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
  :host([invalid]) .options { border: 1px solid transparent; border-radius: 2px; }
  /* Native pickers (calendar, clock icons) follow the theme's brightness. */
  :host-context(body.vscode-dark) .native, :host-context(body.vscode-high-contrast) .native,
  :host-context(body.vscode-dark) .filter, :host-context(body.vscode-high-contrast) .filter { color-scheme: dark; }
  :host-context(body.vscode-light) .native, :host-context(body.vscode-high-contrast-light) .native { color-scheme: light; }
  .native:disabled, .filter:disabled { opacity: 0.5; cursor: not-allowed; }
`

export const dateWidths = css`
  .date, .time { max-width: 220px; }
  .datetime { max-width: 280px; }
`
