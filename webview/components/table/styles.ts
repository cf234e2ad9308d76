// CSS of <io-table> and <io-grid>: theme variables only, so light, dark and
// high-contrast themes follow the editor. Rows have one fixed height (the
// virtual body depends on it) and cut long text with an ellipsis.
import { css } from 'lit'
import { indicatorStyles } from '../options'

export const ROW_HEIGHT = 28
export const HEAD_HEIGHT = 30

export const highlightStyles = css`
  .pill {
    --hl: var(--vscode-descriptionForeground);
    display: inline-block; max-width: 100%; box-sizing: border-box; vertical-align: middle;
    padding: 0 7px; border-radius: 9px; line-height: 18px;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
    color: var(--vscode-foreground);
    background: color-mix(in srgb, var(--hl) 22%, transparent);
    border: 1px solid color-mix(in srgb, var(--hl) 60%, transparent);
  }
  .hl-red { --hl: var(--vscode-charts-red, #e5534b); }
  .hl-orange { --hl: var(--vscode-charts-orange, #d18616); }
  .hl-yellow { --hl: var(--vscode-charts-yellow, #c69026); }
  .hl-green { --hl: var(--vscode-charts-green, #3fa266); }
  .hl-blue { --hl: var(--vscode-charts-blue, #3794ff); }
  .hl-purple { --hl: var(--vscode-charts-purple, #a371f7); }
  .hl-pink { --hl: var(--vscode-terminal-ansiMagenta, #d55fa9); }
  .hl-gray { --hl: var(--vscode-descriptionForeground, #8b949e); }
  /* High contrast: no tinted fill, a solid border in the colour. */
  :host-context(body.vscode-high-contrast) .pill, :host-context(body.vscode-high-contrast-light) .pill {
    background: transparent; border-color: var(--hl);
  }
`

export const tableStyles = css`
  .table { display: flex; flex-direction: column; gap: 6px; position: relative; min-width: 0; }
  .toolbar { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
  .toolbar .filter { flex: 0 1 320px; }
  .count { color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
  .viewport {
    position: relative; overflow: auto; max-width: 100%;
    max-height: var(--mi-viewport-max);
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
    border-radius: 2px;
    overscroll-behavior: contain;
  }
  .viewport.loading .body { opacity: 0.55; }
  .grid { width: max-content; min-width: 100%; outline: none; }
  .row { display: grid; grid-template-columns: var(--mi-cols); height: ${ROW_HEIGHT}px; box-sizing: border-box; }
  .head {
    position: sticky; top: 0; z-index: 2; height: ${HEAD_HEIGHT}px;
    background: var(--vscode-editor-background);
    border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor));
  }
  .body { position: relative; height: var(--mi-body-h); }
  .body .row {
    position: absolute; top: 0; left: 0; right: 0; will-change: transform;
    border-bottom: 1px solid var(--vscode-panel-border, transparent);
    cursor: default;
  }
  .body .row:hover { background: var(--vscode-list-hoverBackground); }
  .body .row[aria-selected='true'] {
    background: var(--vscode-list-inactiveSelectionBackground, var(--vscode-list-activeSelectionBackground));
    color: var(--vscode-list-inactiveSelectionForeground, inherit);
  }
  .body .row:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .body .row:focus[aria-selected='true'] {
    background: var(--vscode-list-activeSelectionBackground);
    color: var(--vscode-list-activeSelectionForeground, inherit);
  }
  :host-context(body.vscode-high-contrast) .body .row[aria-selected='true'] { outline: 1px dashed var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); outline-offset: -2px; }
  :host-context(body.vscode-high-contrast) .body .row:focus { outline: 1px solid var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); }
  .cell {
    display: flex; align-items: center; gap: 6px; min-width: 0;
    padding: 0 8px; overflow: hidden; white-space: nowrap;
  }
  .cell > .text { overflow: hidden; text-overflow: ellipsis; min-width: 0; }
  .cell.num { justify-content: flex-end; font-variant-numeric: tabular-nums; }
  .cell.check, .cell.more-cell { justify-content: center; padding: 0; }
  .cell a { overflow: hidden; text-overflow: ellipsis; }
  .cell img { flex: none; width: 20px; height: 20px; object-fit: cover; border-radius: 2px; }
  .head .cell { position: relative; font-weight: 600; color: var(--vscode-descriptionForeground); }
  .head .cell.num { justify-content: flex-end; }
  .sort {
    display: inline-flex; align-items: center; gap: 4px; min-width: 0; max-width: 100%;
    font: inherit; color: inherit; background: none; border: 0; padding: 2px 0; cursor: pointer;
  }
  .sort:hover { color: var(--vscode-foreground); }
  .sort:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  .sort .label, .head-label { overflow: hidden; text-overflow: ellipsis; }
  .arrow { flex: none; width: 10px; font-size: 10px; }
  [aria-sort='ascending'] .sort, [aria-sort='descending'] .sort { color: var(--vscode-foreground); }
  .resize {
    position: absolute; top: 0; right: -3px; bottom: 0; width: 7px; z-index: 1;
    cursor: col-resize; touch-action: none;
  }
  .resize::after { content: ''; position: absolute; top: 7px; bottom: 7px; left: 3px; width: 1px; background: var(--vscode-widget-border, var(--vscode-panel-border, transparent)); }
  .resize:hover::after, .resize.active::after { top: 0; bottom: 0; width: 2px; left: 2px; background: var(--vscode-focusBorder); }
  ${indicatorStyles}
  .indicator .mark { display: none; width: 4px; height: 8px; margin-top: -2px; border: solid currentColor; border-width: 0 2px 2px 0; transform: rotate(45deg); }
  .indicator .dash { display: none; width: 8px; height: 2px; background: currentColor; }
  [aria-selected='true'] .indicator .mark, [aria-checked='true'] > .indicator .mark { display: block; }
  [aria-checked='mixed'] > .indicator .dash { display: block; }
  .select-all { display: inline-flex; cursor: pointer; border-radius: 3px; }
  .select-all:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  .more {
    font: inherit; line-height: 1; width: 26px; height: 22px; padding: 0; cursor: pointer; border-radius: 3px;
    color: inherit; background: transparent; border: 1px solid transparent;
  }
  .more:hover, .more[aria-expanded='true'] { background: var(--vscode-toolbar-hoverBackground, var(--vscode-list-hoverBackground)); }
  .more:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  .state { display: flex; align-items: center; gap: 8px; padding: 8px; color: var(--vscode-descriptionForeground); }
  .state vscode-progress-ring { width: 16px; height: 16px; }
  .state.error { color: var(--vscode-errorForeground); }
  .footer { display: flex; align-items: center; gap: 8px 16px; flex-wrap: wrap; }
  .pager { display: flex; align-items: center; gap: 8px; }
  .summary { color: var(--vscode-descriptionForeground); }
  .notice { color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground)); }
  .link-button {
    font: inherit; padding: 0; border: 0; background: none; cursor: pointer;
    color: var(--vscode-textLink-foreground); text-decoration: underline;
  }
  .link-button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  /* Vertical (transposed) tables: one row a column, header cells on the left. */
  .viewport.vertical { width: fit-content; }
  .vgrid { display: grid; grid-template-columns: var(--mi-cols); width: max-content; }
  .vrow { display: contents; }
  .vrow > * { height: ${ROW_HEIGHT}px; box-sizing: border-box; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .vrow > [role='rowheader'] {
    position: sticky; left: 0; z-index: 1; font-weight: 600; color: var(--vscode-descriptionForeground);
    background: var(--vscode-editor-background);
    border-right: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
  }
  .vrow:last-child > * { border-bottom: 0; }
`
