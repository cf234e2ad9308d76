// Shared CSS. Colours and fonts come only from VS Code's theme variables, so
// light, dark and high-contrast themes all follow the editor.
import { css } from 'lit'

export const baseStyles = css`
  :host {
    display: block;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size, 13px);
    line-height: 1.45;
  }
  h1, h2, h3 { font-weight: 600; margin: 0; }
  a { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  a:focus-visible, [tabindex]:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  code, pre { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 13px); }
  pre {
    margin: 0;
    padding: 8px 10px;
    overflow: auto;
    white-space: pre-wrap;
    word-break: break-word;
    background: var(--vscode-textCodeBlock-background);
    border: 1px solid var(--vscode-panel-border, transparent);
    border-radius: 2px;
  }
  .muted { color: var(--vscode-descriptionForeground); }
  .section-title {
    font-size: 11px;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--vscode-descriptionForeground);
    margin: 0 0 6px;
  }
  table { border-collapse: collapse; }
  th, td {
    text-align: left;
    vertical-align: top;
    padding: 4px 10px;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  th { font-weight: 600; color: var(--vscode-descriptionForeground); }
  .table-wrap { overflow-x: auto; max-width: 100%; }
  .align-right { text-align: right; }
  .align-center { text-align: center; }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap;
  }
`

export const markdownStyles = css`
  .markdown > :first-child { margin-top: 0; }
  .markdown > :last-child { margin-bottom: 0; }
  .markdown p, .markdown ul, .markdown ol, .markdown blockquote, .markdown pre, .markdown .table-wrap { margin: 0 0 8px; }
  .markdown h1, .markdown h2, .markdown h3, .markdown h4, .markdown h5, .markdown h6 { margin: 12px 0 6px; font-weight: 600; }
  .markdown h1 { font-size: 1.6em; }
  .markdown h2 { font-size: 1.35em; }
  .markdown h3 { font-size: 1.15em; }
  .markdown ul, .markdown ol { padding-left: 22px; }
  .markdown li.task { list-style: none; margin-left: -18px; }
  .markdown code {
    background: var(--vscode-textCodeBlock-background);
    padding: 1px 4px;
    border-radius: 3px;
  }
  .markdown pre code { background: none; padding: 0; }
  .markdown blockquote {
    padding: 2px 12px;
    border-left: 4px solid var(--vscode-textBlockQuote-border);
    background: var(--vscode-textBlockQuote-background);
  }
  .markdown hr { border: 0; border-top: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, currentColor)); }
  .markdown img { max-width: 100%; }
  .md-raw { white-space: pre-wrap; font-family: var(--vscode-editor-font-family, monospace); }
  .md-loading { white-space: pre-wrap; }
  .md-link-blocked { text-decoration: underline dotted; }
`

/** Cards and the views drawn in them (result values, errors): shared by <mi-app> and <mi-workflow>. */
export const cardStyles = css`
  .card {
    padding: 14px 16px;
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
    border-radius: 4px;
    background: var(--vscode-sideBar-background, transparent);
  }
  .error-box { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
  .error-message { margin: 0 0 8px; color: var(--vscode-errorForeground); }
  .error-cause { margin: 0 0 8px; }
  .stack { margin-top: 4px; }
  .kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
  .kv dt { color: var(--vscode-descriptionForeground); }
  .kv dd { margin: 0; overflow-wrap: anywhere; }
  .primitive { margin: 0; white-space: pre-wrap; }
  .list { margin: 0; padding-left: 22px; }
`
