// CSS shared by the io.display.* elements. Colours only from VS Code theme
// variables, except the syntax palette, which VS Code does not expose to
// webviews: it is chosen per theme kind (body class) with :host-context().
import { css } from 'lit'

export const displayStyles = css`
  .display-label { font-weight: 600; margin: 0 0 6px; overflow-wrap: anywhere; }
  .error-text { color: var(--vscode-errorForeground); }
  .blocked { color: var(--vscode-descriptionForeground); font-style: italic; }
  /* Buttons drawn like the toolkit's (vscode-button), with a danger variant it lacks. */
  .btn {
    font: inherit;
    padding: 4px 11px;
    border-radius: 2px;
    cursor: pointer;
    line-height: 18px;
    border: 1px solid var(--vscode-button-border, transparent);
    background: var(--vscode-button-background);
    color: var(--vscode-button-foreground);
  }
  .btn:hover:not(:disabled) { background: var(--vscode-button-hoverBackground, var(--vscode-button-background)); }
  .btn:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  .btn.secondary {
    background: var(--vscode-button-secondaryBackground, transparent);
    color: var(--vscode-button-secondaryForeground, var(--vscode-foreground));
  }
  .btn.secondary:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-secondaryBackground, transparent)); }
  .btn.danger {
    background: transparent;
    color: var(--vscode-errorForeground);
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
  .btn.danger:hover:not(:disabled) { background: var(--vscode-inputValidation-errorBackground, transparent); }
  .btn:disabled { opacity: 0.4; cursor: not-allowed; }
  .btn.small { padding: 1px 8px; font-size: 12px; }
  img.size-thumbnail, video.size-thumbnail { max-width: min(64px, 100%); }
  img.size-small, video.size-small { max-width: min(160px, 100%); }
  img.size-medium, video.size-medium { max-width: min(320px, 100%); }
  img.size-large, video.size-large { max-width: min(640px, 100%); }
  img, video { max-width: 100%; }
  img:not([height]), video:not([height]) { height: auto; }
`

/** Colours of syntax tokens (code) and of typed values (object tree). */
export const tokenStyles = css`
  :host {
    --mi-tok-comment: #6a9955;
    --mi-tok-keyword: #569cd6;
    --mi-tok-control: #c586c0;
    --mi-tok-string: var(--vscode-debugTokenExpression-string, #ce9178);
    --mi-tok-number: var(--vscode-debugTokenExpression-number, #b5cea8);
    --mi-tok-boolean: var(--vscode-debugTokenExpression-boolean, #569cd6);
    --mi-tok-null: #569cd6;
    --mi-tok-function: #dcdcaa;
    --mi-tok-class: #4ec9b0;
    --mi-tok-property: #9cdcfe;
    --mi-tok-tag: #569cd6;
    --mi-tok-attr: #9cdcfe;
    --mi-tok-regex: #d16969;
    --mi-tok-punct: var(--vscode-editor-foreground, var(--vscode-foreground));
  }
  :host-context(body.vscode-light) {
    --mi-tok-comment: #008000;
    --mi-tok-keyword: #0000ff;
    --mi-tok-control: #af00db;
    --mi-tok-string: var(--vscode-debugTokenExpression-string, #a31515);
    --mi-tok-number: var(--vscode-debugTokenExpression-number, #098658);
    --mi-tok-boolean: var(--vscode-debugTokenExpression-boolean, #0000ff);
    --mi-tok-null: #0000ff;
    --mi-tok-function: #795e26;
    --mi-tok-class: #267f99;
    --mi-tok-property: #001080;
    --mi-tok-tag: #800000;
    --mi-tok-attr: #e50000;
    --mi-tok-regex: #811f3f;
  }
  :host-context(body.vscode-high-contrast) {
    --mi-tok-comment: #7ca668;
    --mi-tok-function: #dcdcaa;
  }
  :host-context(body.vscode-high-contrast-light) {
    --mi-tok-comment: #515151;
    --mi-tok-keyword: #0f4a85;
    --mi-tok-control: #b5200d;
    --mi-tok-string: var(--vscode-debugTokenExpression-string, #0f4a85);
    --mi-tok-number: var(--vscode-debugTokenExpression-number, #096d48);
    --mi-tok-boolean: var(--vscode-debugTokenExpression-boolean, #0f4a85);
    --mi-tok-null: #0f4a85;
    --mi-tok-function: #5e2cbc;
    --mi-tok-class: #185e73;
    --mi-tok-property: #001080;
    --mi-tok-tag: #0f4a85;
    --mi-tok-attr: #264f78;
    --mi-tok-regex: #811f3f;
  }
  .token.comment, .token.prolog, .token.doctype, .token.cdata { color: var(--mi-tok-comment); font-style: italic; }
  .token.keyword, .token.builtin, .token.important, .token.atrule, .token.rule { color: var(--mi-tok-keyword); }
  .token.keyword.control-flow, .token.keyword.module, .token.keyword.flow { color: var(--mi-tok-control); }
  .token.string, .token.char, .token.template-string, .token.attr-value, .token.url, .token.inserted { color: var(--mi-tok-string); }
  .token.number, .token.unit, .token.hexcode { color: var(--mi-tok-number); }
  .token.boolean, .token.constant { color: var(--mi-tok-boolean); }
  .token.null, .token.nil { color: var(--mi-tok-null); }
  .token.function, .token.function-name, .token.macro { color: var(--mi-tok-function); }
  .token.class-name, .token.maybe-class-name, .token.namespace, .token.type, .token.lifetime-annotation { color: var(--mi-tok-class); }
  .token.property, .token.key, .token.variable, .token.parameter, .token.selector, .token.attr-name.property { color: var(--mi-tok-property); }
  .token.tag { color: var(--mi-tok-tag); }
  .token.attr-name { color: var(--mi-tok-attr); }
  .token.regex, .token.deleted { color: var(--mi-tok-regex); }
  .token.operator, .token.punctuation, .token.interpolation-punctuation { color: var(--mi-tok-punct); }
  .token.bold { font-weight: bold; }
  .token.italic { font-style: italic; }
`
