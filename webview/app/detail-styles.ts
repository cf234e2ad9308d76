// CSS for the finished-transaction parts of <mi-app>: History header buttons,
// answers, milestones, how it ended, stack frame links, result tables.
import { css } from 'lit'

export const detailStyles = css`
  .history-actions { display: flex; flex-wrap: wrap; gap: 8px; }
  .a { min-width: 0; overflow-wrap: anywhere; }
  .answer-list { margin: 0; padding-left: 18px; list-style: disc; }
  .step-display { margin: 4px 0 8px; }
  .step-display .display-label { font-weight: 600; overflow-wrap: anywhere; }
  .rows-not-kept { margin: 2px 0 0; }
  .ending p { margin: 0; }
  .ending .end-params { margin-top: 8px; }
  .error-cause { white-space: pre-wrap; }
  .milestones { margin: 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 6px; }
  .milestone { display: grid; grid-template-columns: 72px 1fr; gap: 12px; }
  .milestone time { font-variant-numeric: tabular-nums; text-align: right; }
  /* A stack frame in the person's file: a link-looking button (it posts openSource). */
  .frame-link {
    font: inherit; padding: 0; margin: 0; border: 0; background: none; cursor: pointer;
    color: var(--vscode-textLink-foreground); text-decoration: underline; text-align: left;
  }
  .frame-link:hover { color: var(--vscode-textLink-activeForeground); }
  .frame-link:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  /* The section title already names the table. */
  .result-table io-table::part(label), .chosen-rows io-table::part(label) { display: none; }
  .chosen-rows { margin-top: 6px; }
`
