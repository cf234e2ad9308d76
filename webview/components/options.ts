// What select.single, select.multiple and io.search share: how an option (or a
// search result) is drawn — label, description, optional thumbnail — the row
// and indicator styles, and the filter used by long option lists.
import { css, html, nothing, type TemplateResult } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import type { ImageWire, OptionWire } from '../../src/core/protocol'

/** More options than this get a filter box even without `searchable`. */
export const FILTER_THRESHOLD = 8

export function asOptions(v: unknown): OptionWire[] {
  if (!Array.isArray(v)) return []
  return v.map((o) => {
    if (o && typeof o === 'object' && typeof (o as OptionWire).label === 'string') return o as OptionWire
    return { label: String(o) }
  })
}

/** Case-insensitive match on label and description. */
export function optionMatches(o: OptionWire, query: string): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  return o.label.toLowerCase().includes(q) || (o.description?.toLowerCase().includes(q) ?? false)
}

function image(img: ImageWire | undefined, reserve: boolean): TemplateResult | typeof nothing {
  if (!img?.url) return reserve ? html`<span class="thumb thumb-thumbnail thumb-empty" aria-hidden="true"></span>` : nothing
  return html`<img class="thumb thumb-${img.size ?? 'thumbnail'}" src=${img.url} alt=${img.alt ?? ''} loading="lazy" />`
}

/** Whether any option has a picture: the others then keep an empty slot, so labels line up. */
export const anyImage = (list: OptionWire[]): boolean => list.some((o) => !!o.image?.url)

/** The visible content of an option row; `ids` let the row name itself by the label only. */
export function renderOption(o: OptionWire, ids?: { label?: string; description?: string }, reserveImage = false): TemplateResult {
  return html`${image(o.image, reserveImage)}<span class="option-text">
    <span class="option-label" id=${ifDefined(ids?.label)}>${o.label}</span>
    ${o.description ? html`<span class="option-description" id=${ifDefined(ids?.description)}>${o.description}</span>` : nothing}
  </span>`
}

/** The drawn radio / checkbox (select lists and table rows): colours of VS Code's own checkbox. */
export const indicatorStyles = css`
  .indicator {
    flex: none; width: 16px; height: 16px; box-sizing: border-box;
    display: inline-flex; align-items: center; justify-content: center;
    background: var(--vscode-checkbox-background, var(--vscode-input-background));
    border: 1px solid var(--vscode-checkbox-border, var(--vscode-input-border, var(--vscode-foreground)));
    color: var(--vscode-checkbox-foreground, var(--vscode-foreground));
    border-radius: 3px;
  }
`

/** "Choose 1 to 3." under a multiple selection, from its min/maxSelections. */
export function selectionHint(min: number | undefined, max: number | undefined): string | undefined {
  if (min && max) return min === max ? `Choose ${min}.` : `Choose ${min} to ${max}.`
  if (min) return `Choose at least ${min}.`
  if (max) return `Choose up to ${max}.`
  return undefined
}

export const optionStyles = css`
  .options {
    display: flex; flex-direction: column; gap: 2px;
    max-width: 480px; max-height: 320px; overflow-y: auto;
    padding: 2px;
  }
  .option {
    display: flex; align-items: center; gap: 10px;
    padding: 6px 8px;
    border: 1px solid transparent;
    border-radius: 3px;
    cursor: pointer;
    color: var(--vscode-foreground);
  }
  .option:hover { background: var(--vscode-list-hoverBackground); }
  .option:focus-visible, .option.active {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  .option[aria-checked='true'], .option[aria-selected='true'] {
    border-color: var(--vscode-contrastActiveBorder, transparent);
  }
  .option[aria-disabled='true'] { opacity: 0.5; cursor: default; }
  .option-text { display: flex; flex-direction: column; min-width: 0; }
  .option-label { overflow-wrap: anywhere; }
  .option-description { color: var(--vscode-descriptionForeground); font-size: 0.92em; overflow-wrap: anywhere; }
  .thumb { flex: none; object-fit: cover; border-radius: 2px; border: 1px solid var(--vscode-widget-border, transparent); }
  .thumb-thumbnail { width: 32px; height: 32px; }
  .thumb-small { width: 48px; height: 48px; }
  .thumb-medium { width: 72px; height: 72px; }
  .thumb-large { width: 96px; height: 96px; }
  .thumb-empty { border-color: transparent; }
  ${indicatorStyles}
  .indicator.radio { border-radius: 50%; }
  .indicator .mark { display: none; }
  [aria-checked='true'] > .indicator .mark { display: block; }
  .indicator.radio .mark { width: 8px; height: 8px; border-radius: 50%; background: currentColor; }
  .indicator.check .mark {
    width: 4px; height: 8px; margin-top: -2px;
    border: solid currentColor; border-width: 0 2px 2px 0; transform: rotate(45deg);
  }
  .summary { color: var(--vscode-descriptionForeground); }
  .empty { color: var(--vscode-descriptionForeground); padding: 4px 8px; }
`
