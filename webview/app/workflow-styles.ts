// CSS for <mi-workflow>. Each state sets --wf-st (its colour) from VS Code's
// theme variables; the state is also its icon's shape, its label, and the
// node's border style (dashed while nothing ran or ever will), never colour alone.
import { css } from 'lit'

export const workflowStyles = css`
  :host { display: block; }
  .workflow { display: flex; flex-direction: column; gap: 10px; }
  .workflow > .section-title { margin: 0; }
  .wf-summary { text-transform: none; letter-spacing: 0; font-weight: normal; margin-left: 6px; }
  .wf-hint { margin: -4px 0 0; font-size: 12px; }

  .st-pending, .st-skipped, .st-canceled { --wf-st: var(--vscode-descriptionForeground); }
  .st-running { --wf-st: var(--vscode-charts-blue, var(--vscode-progressBar-background, var(--vscode-focusBorder))); }
  .st-retrying { --wf-st: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground, var(--vscode-inputValidation-warningBorder))); }
  .st-completed { --wf-st: var(--vscode-testing-iconPassed, var(--vscode-charts-green, var(--vscode-foreground))); }
  .st-failed { --wf-st: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
  /* The check and cross drawn on a filled disc: the page's background contrasts with it in every theme. */
  .wf-icon { flex: none; color: var(--wf-st); --wf-on-status: var(--vscode-editor-background); }
  .wf-person { flex: none; color: var(--vscode-foreground); }
  .spin { transform-origin: 8px 8px; animation: wf-spin 1s linear infinite; }
  @keyframes wf-spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spin { animation: none; } }

  /* The graph scrolls sideways when its levels are wider than the panel. */
  .wf-scroll { overflow: auto; max-height: 70vh; padding-bottom: 2px; }
  .wf-graph { display: block; overflow: visible; }
  .wf-edge path { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.5; }
  .wf-edge polygon { fill: var(--vscode-descriptionForeground); }
  .wf-edge.waiting path, .wf-edge.broken path { stroke-dasharray: 5 4; }
  .wf-edge.done path { stroke: var(--vscode-foreground); opacity: .7; }
  .wf-edge.done polygon { fill: var(--vscode-foreground); opacity: .7; }
  .wf-edge.hl path { stroke: var(--vscode-focusBorder); stroke-width: 2.5; opacity: 1; }
  .wf-edge.hl polygon { fill: var(--vscode-focusBorder); opacity: 1; }

  .wf-node {
    position: relative; box-sizing: border-box; margin: 3px; height: calc(100% - 6px);
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border, currentColor)));
    border-left: 4px solid var(--wf-st);
    border-radius: 4px;
    background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background, var(--vscode-editor-background)));
    color: var(--vscode-foreground);
  }
  .wf-node.st-pending, .wf-node.st-skipped, .wf-node.st-canceled { border-style: dashed; border-left-style: solid; }
  .wf-node.st-skipped .wf-main, .wf-node.st-canceled .wf-main { opacity: .8; }
  .wf-node.selected {
    border-color: var(--vscode-focusBorder); border-left-color: var(--wf-st); border-style: solid;
    box-shadow: 0 0 0 1px var(--vscode-focusBorder);
    background: var(--vscode-list-inactiveSelectionBackground, var(--vscode-editorWidget-background, var(--vscode-sideBar-background)));
  }
  .wf-main {
    all: unset; box-sizing: border-box; display: flex; flex-direction: column; justify-content: center; gap: 1px;
    width: 100%; height: 100%; padding: 4px 8px 4px 7px; cursor: pointer; border-radius: 2px;
    font: inherit; color: inherit; line-height: 1.35;
  }
  .wf-main:hover { background: var(--vscode-list-hoverBackground); }
  .wf-main:focus-visible { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }
  .wf-row { display: flex; align-items: center; gap: 6px; min-width: 0; white-space: nowrap; }
  .wf-row > span { overflow: hidden; text-overflow: ellipsis; }
  .wf-title { font-weight: 600; }
  .wf-id { overflow: hidden; text-overflow: ellipsis; min-width: 0; }
  .wf-title .wf-person { margin-left: auto; }
  .wf-action { font-size: 12px; min-height: 1.35em; font-family: var(--vscode-editor-font-family, monospace); }
  .wf-state { justify-content: space-between; }
  .wf-dur { font-variant-numeric: tabular-nums; flex: none; }
  .wf-attempts { font-size: 12px; padding-right: 44px; }
  .wf-open, .link-button {
    font: inherit; font-size: 12px; padding: 0 2px; margin: 0; border: 0; background: none; cursor: pointer;
    color: var(--vscode-textLink-foreground); text-decoration: underline;
  }
  .wf-open { position: absolute; right: 6px; bottom: 4px; }
  .wf-open:hover, .link-button:hover { color: var(--vscode-textLink-activeForeground); }
  .wf-open:focus-visible, .link-button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }

  .wf-details {
    display: flex; flex-direction: column; gap: 10px;
    padding: 10px 0 10px 12px; border-left: 3px solid var(--wf-st);
  }
  .wf-details-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
  .wf-details-title { display: flex; align-items: center; gap: 6px; font-size: 1.1em; min-width: 0; overflow-wrap: anywhere; }
  .wf-badge {
    font-size: 11px; padding: 1px 8px; border-radius: 10px; color: var(--vscode-foreground);
    border: 1px solid var(--wf-st);
  }
  .wf-details-actions { margin-left: auto; display: flex; gap: 12px; }
  .wf-details .link-button { font-size: inherit; }
  .wf-reason { margin: 0; }

  .wf-timeline > .section-title { margin-top: 6px; }
  .wf-tl-axis, .wf-tl-row { display: grid; grid-template-columns: minmax(90px, 160px) 1fr 68px; gap: 10px; align-items: center; }
  .wf-tl-axis { font-size: 11px; }
  .wf-tl-scale { display: flex; justify-content: space-between; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor)); }
  .wf-tl-rows { max-height: 22em; overflow-y: auto; }
  .wf-tl-row { min-height: 22px; }
  .wf-tl-label { display: flex; align-items: center; gap: 6px; min-width: 0; white-space: nowrap; }
  .wf-tl-track { display: block; width: 100%; height: 14px; background: var(--vscode-textCodeBlock-background, transparent); }
  .wf-bar { fill: var(--wf-st); }
  .wf-tl-row.st-running .wf-bar, .wf-tl-row.st-retrying .wf-bar { opacity: .75; }
  .wf-tl-dur { text-align: right; font-variant-numeric: tabular-nums; font-size: 12px; }
`
