// CSS for the durable-transaction parts of <mi-app>: the resumed mark, the
// code-changed and divergence cards, and History's table of ctx.run steps.
import { css } from 'lit'

export const durableStyles = css`
  .resumed { font-size: 12px; }
  /* Cards that need the person's decision (or say why none is left), outlined like the problems card; two classes to outrank mi-app's later .card. */
  .card.notice-card { border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground)); }
  .notice-card p { margin: 0 0 8px; }
  .notice-card p:last-child { margin-bottom: 0; }
  /* A call ("io.input.email \"Email\"") moves to the next line whole unless it is longer than one. */
  .notice-card code { display: inline-block; max-width: 100%; overflow-wrap: anywhere; vertical-align: bottom; }
  .card-actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
  table.durable-steps { width: 100%; }
  .durable-steps th, .durable-steps td { white-space: nowrap; }
  /* Edges line up with the section title and the page, as the kv lists above do. */
  .durable-steps th:first-child, .durable-steps td:first-child { padding-left: 0; }
  .durable-steps th:last-child, .durable-steps td:last-child { padding-right: 0; }
  .durable-steps td.step-name { white-space: normal; overflow-wrap: anywhere; width: 100%; }
  /* The error reads as part of its step's row: no rule between them. */
  .durable-steps tr.has-error td { border-bottom: 0; padding-bottom: 0; }
  .durable-steps .step-error-row td { white-space: normal; padding-top: 2px; }
  .step-error { color: var(--vscode-errorForeground); overflow-wrap: anywhere; }
  .step-failed { color: var(--vscode-errorForeground); }
  .step-running { color: var(--vscode-descriptionForeground); }
`
