// The CSS variables and body classes VS Code gives a webview, for three
// built-in themes (values from Dark Modern, Light Modern and Dark High Contrast).
const common = {
  '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '13px',
}

export const themes = {
  light: {
    kind: 'vscode-light',
    vars: {
      ...common,
      '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#005fb8', '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece',
      '--vscode-input-placeholderForeground': '#767676', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8', '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-button-border': '#0000001a', '--vscode-checkbox-background': '#f8f8f8', '--vscode-checkbox-border': '#cecece',
      '--vscode-checkbox-foreground': '#3b3b3b', '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-border': '#cecece',
      '--vscode-dropdown-foreground': '#3b3b3b', '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-textLink-foreground': '#005fb8', '--vscode-textLink-activeForeground': '#005fb8',
      '--vscode-textCodeBlock-background': '#f8f8f8', '--vscode-textBlockQuote-background': '#f8f8f8',
      '--vscode-textBlockQuote-border': '#e5e5e5', '--vscode-panel-border': '#e5e5e5', '--vscode-widget-border': '#e5e5e5',
      '--vscode-panel-background': '#f8f8f8', '--vscode-sideBar-background': '#f8f8f8', '--vscode-progressBar-background': '#005fb8',
      '--vscode-inputValidation-errorBackground': '#f2dede', '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-inputValidation-warningBorder': '#bf8803', '--vscode-testing-iconPassed': '#388a34',
      '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-list-activeSelectionBackground': '#e8e8e8',
      '--vscode-list-activeSelectionForeground': '#000000', '--vscode-scrollbarSlider-background': '#64646466',
    },
  },
  dark: {
    kind: 'vscode-dark',
    vars: {
      ...common,
      '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#0078d4', '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc',
      '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c',
      '--vscode-input-placeholderForeground': '#989898', '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1', '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-button-border': '#ffffff12', '--vscode-checkbox-background': '#313131', '--vscode-checkbox-border': '#3c3c3c',
      '--vscode-checkbox-foreground': '#cccccc', '--vscode-dropdown-background': '#313131', '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-dropdown-foreground': '#cccccc', '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-textLink-foreground': '#4daafc', '--vscode-textLink-activeForeground': '#4daafc',
      '--vscode-textCodeBlock-background': '#2b2b2b', '--vscode-textBlockQuote-background': '#2b2b2b',
      '--vscode-textBlockQuote-border': '#616161', '--vscode-panel-border': '#2b2b2b', '--vscode-widget-border': '#313131',
      '--vscode-panel-background': '#181818', '--vscode-sideBar-background': '#181818', '--vscode-progressBar-background': '#0078d4',
      '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-inputValidation-warningBorder': '#b89500', '--vscode-testing-iconPassed': '#73c991',
      '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-activeSelectionBackground': '#04395e',
      '--vscode-list-activeSelectionForeground': '#ffffff', '--vscode-scrollbarSlider-background': '#79797966',
    },
  },
  'high-contrast': {
    kind: 'vscode-high-contrast',
    vars: {
      ...common,
      '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffffb3', '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#f38518', '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff',
      '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
      '--vscode-input-placeholderForeground': '#ffffffb3', '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df', '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-checkbox-background': '#000000', '--vscode-checkbox-border': '#6fc3df', '--vscode-checkbox-foreground': '#ffffff',
      '--vscode-dropdown-background': '#000000', '--vscode-dropdown-border': '#6fc3df', '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
      '--vscode-textLink-foreground': '#21a6ff', '--vscode-textLink-activeForeground': '#21a6ff',
      '--vscode-textCodeBlock-background': '#000000', '--vscode-textBlockQuote-background': '#000000',
      '--vscode-textBlockQuote-border': '#ffffff', '--vscode-panel-border': '#6fc3df', '--vscode-widget-border': '#6fc3df',
      '--vscode-panel-background': '#000000', '--vscode-sideBar-background': '#000000',
      '--vscode-progressBar-background': '#6fc3df', '--vscode-inputValidation-errorBackground': '#000000',
      '--vscode-inputValidation-errorBorder': '#f48771', '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-testing-iconPassed': '#73c991',
    },
  },
}

/**
 * Runs in the page (before its scripts): applies a theme the way VS Code does —
 * variables on <html>, a body class and data-vscode-theme-kind — plus VS Code's
 * default body styles. Uses the CSSOM (not <style>/style=""), like VS Code, so
 * the page's CSP does not apply to it.
 */
export function applyThemeInPage({ kind, vars }) {
  const root = document.documentElement
  if (!root) {
    // Init scripts can run before <html> exists: retry as soon as it does.
    const observer = new MutationObserver(() => {
      if (!document.documentElement) return
      observer.disconnect()
      applyThemeInPage({ kind, vars })
    })
    observer.observe(document, { childList: true })
    return
  }
  for (const name of [...root.style]) if (name.startsWith('--vscode-')) root.style.removeProperty(name)
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v)
  if (!window.__miDefaultStyles) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(`body { background-color: var(--vscode-editor-background); color: var(--vscode-editor-foreground);
      font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }`)
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    window.__miDefaultStyles = sheet
  }
  const setBody = () => {
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast')
    document.body.classList.add(kind)
    document.body.setAttribute('data-vscode-theme-kind', kind)
  }
  if (document.body) setBody()
  else document.addEventListener('DOMContentLoaded', setBody, { once: true })
}
