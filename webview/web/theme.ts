// The --vscode-* variables a VS Code webview gets from the editor, for a plain
// browser: VS Code's default Light Modern and Dark Modern colours, chosen by
// prefers-color-scheme. The components and the toolkit's design tokens read
// only these. A constructable stylesheet (like Lit's), so the CSP needs no
// 'unsafe-inline'; the body class (vscode-light/-dark) follows the scheme too,
// which is what makes the toolkit re-read its tokens when the scheme changes.
type Vars = Record<string, string>

const common: Vars = {
  'font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  'editor-font-size': '13px',
}

export const light: Vars = {
  ...common,
  foreground: '#3b3b3b', descriptionForeground: '#717171', errorForeground: '#f85149', focusBorder: '#005fb8',
  'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'editorWidget-background': '#f8f8f8', 'widget-border': '#e5e5e5',
  'widget-shadow': '#00000029', 'editorWarning-foreground': '#bf8803',
  'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'input-placeholderForeground': '#767676',
  'inputOption-activeBackground': '#bed6ed', 'inputOption-activeBorder': '#005fb8', 'inputOption-activeForeground': '#000000',
  'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
  'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
  'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b',
  'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b', 'settings-dropdownListBorder': '#cecece',
  'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
  'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8', 'textCodeBlock-background': '#f2f2f2',
  'textBlockQuote-background': '#f8f8f8', 'textBlockQuote-border': '#e5e5e5',
  'panel-background': '#f8f8f8', 'panel-border': '#e5e5e5', 'panelTitle-activeBorder': '#005fb8',
  'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b', 'sideBar-background': '#f8f8f8',
  'progressBar-background': '#005fb8', 'toolbar-hoverBackground': '#b8b8b850',
  'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
  'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#bf8803',
  'testing-iconPassed': '#388a34', 'testing-iconFailed': '#f14c4c',
  'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000',
  'list-inactiveSelectionBackground': '#e4e6f1', 'list-inactiveSelectionForeground': '#3b3b3b',
  'menu-background': '#ffffff', 'menu-foreground': '#3b3b3b', 'menu-border': '#cecece', 'menu-selectionBackground': '#005fb8',
  'menu-selectionForeground': '#ffffff', 'menu-selectionBorder': '#005fb8', 'menu-separatorBackground': '#d4d4d4',
  'scrollbarSlider-background': '#64646466', 'scrollbarSlider-hoverBackground': '#646464b3', 'scrollbarSlider-activeBackground': '#00000099',
  'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
  'debugTokenExpression-string': '#a31515', 'debugTokenExpression-number': '#098658', 'debugTokenExpression-boolean': '#0000ff',
  'terminal-ansiMagenta': '#bc05bc',
}

export const dark: Vars = {
  ...common,
  foreground: '#cccccc', descriptionForeground: '#9d9d9d', errorForeground: '#f85149', focusBorder: '#0078d4',
  'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'editorWidget-background': '#202020', 'widget-border': '#313131',
  'widget-shadow': '#0000005c', 'editorWarning-foreground': '#cca700',
  'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
  'inputOption-activeBackground': '#2489db82', 'inputOption-activeBorder': '#2488db', 'inputOption-activeForeground': '#ffffff',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
  'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
  'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc',
  'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc', 'settings-dropdownListBorder': '#3c3c3c',
  'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
  'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc', 'textCodeBlock-background': '#2b2b2b',
  'textBlockQuote-background': '#2b2b2b', 'textBlockQuote-border': '#616161',
  'panel-background': '#181818', 'panel-border': '#2b2b2b', 'panelTitle-activeBorder': '#0078d4',
  'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d', 'sideBar-background': '#181818',
  'progressBar-background': '#0078d4', 'toolbar-hoverBackground': '#5a5d5e50',
  'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
  'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
  'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4c',
  'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
  'list-inactiveSelectionBackground': '#37373d', 'list-inactiveSelectionForeground': '#cccccc',
  'menu-background': '#1f1f1f', 'menu-foreground': '#cccccc', 'menu-border': '#454545', 'menu-selectionBackground': '#0078d4',
  'menu-selectionForeground': '#ffffff', 'menu-selectionBorder': '#0078d4', 'menu-separatorBackground': '#454545',
  'scrollbarSlider-background': '#79797966', 'scrollbarSlider-hoverBackground': '#646464b3', 'scrollbarSlider-activeBackground': '#bfbfbf66',
  'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
  'debugTokenExpression-string': '#ce9178', 'debugTokenExpression-number': '#b5cea8', 'debugTokenExpression-boolean': '#4e94ce',
  'terminal-ansiMagenta': '#bc3fbc',
}

const block = (vars: Vars): string => Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ')

/** The page's CSS: both sets of variables, and what VS Code's own body styles give a webview. */
export function themeCss(): string {
  return `:root { color-scheme: light; ${block(light)} }
@media (prefers-color-scheme: dark) { :root { color-scheme: dark; ${block(dark)} } }
body { background-color: var(--vscode-editor-background); color: var(--vscode-editor-foreground);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); font-weight: var(--vscode-font-weight); margin: 0; padding: 0; }
[hidden] { display: none !important; }
::selection { background: var(--vscode-inputOption-activeBackground); }`
}

/** Adopts the theme and keeps the body's theme class in step with the browser's scheme. */
export function applyTheme(): void {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(themeCss())
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
  const scheme = matchMedia('(prefers-color-scheme: dark)')
  const set = (): void => {
    const kind = scheme.matches ? 'vscode-dark' : 'vscode-light'
    document.body.classList.remove('vscode-light', 'vscode-dark')
    document.body.classList.add(kind)
    document.body.setAttribute('data-vscode-theme-kind', kind)
  }
  set()
  scheme.addEventListener('change', set)
}
