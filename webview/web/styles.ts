// Styles of the browser app's own pages (header, dashboard, history list).
// Colours come only from the --vscode-* variables theme.ts provides, as in the webview.
import { css } from 'lit'

export const pageStyles = css`
  :host { display: block; }
  .page { display: flex; flex-direction: column; gap: 16px; padding: 20px 0 32px; max-width: 920px; }
  h1 { font-size: 1.5em; }
  h2 { font-size: 1.1em; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  input[type='search'], select {
    font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-widget-border)); border-radius: 2px; padding: 4px 6px;
    min-height: 26px; box-sizing: border-box;
  }
  input[type='search'] { min-width: min(280px, 100%); flex: 1; }
  input[type='search']::placeholder { color: var(--vscode-input-placeholderForeground); }
  input:focus-visible, select:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border-color: var(--vscode-dropdown-border); }
  .error-box {
    margin: 0; padding: 8px 10px; border-radius: 2px; color: var(--vscode-foreground);
    background: var(--vscode-inputValidation-errorBackground); border: 1px solid var(--vscode-inputValidation-errorBorder);
  }
  .empty { color: var(--vscode-descriptionForeground); }
  .badge {
    font-size: 11px; padding: 1px 7px; border-radius: 10px; white-space: nowrap;
    background: var(--vscode-badge-background); color: var(--vscode-badge-foreground);
  }
  .badge.outline { background: transparent; color: var(--vscode-descriptionForeground); border: 1px solid var(--vscode-widget-border); }
`

/** The pages' buttons (VS Code's secondary look; `primary` and `danger` ones). */
export const buttonStyles = css`
  button {
    font: inherit; border-radius: 2px; padding: 4px 12px; cursor: pointer; min-height: 26px;
    color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent);
  }
  button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button.primary:hover { background: var(--vscode-button-hoverBackground); }
  button.danger { color: var(--vscode-errorForeground); background: transparent; border-color: var(--vscode-widget-border); }
`
