// Syntax highlighting for io.display.code: Prism's tokenizer only (never its
// HTML output); tokens become Lit templates, so the code is always text.
import { html, type TemplateResult } from 'lit'
import './prism-manual' // first: before prismjs runs
import Prism from 'prismjs' // core + markup, css, clike, javascript
import 'prismjs/components/prism-typescript'
import 'prismjs/components/prism-jsx'
import 'prismjs/components/prism-tsx'
import 'prismjs/components/prism-json'
import 'prismjs/components/prism-python'
import 'prismjs/components/prism-sql'
import 'prismjs/components/prism-bash'
import 'prismjs/components/prism-shell-session'
import 'prismjs/components/prism-yaml'
import 'prismjs/components/prism-go'
import 'prismjs/components/prism-rust'
import 'prismjs/components/prism-diff'
import 'prismjs/components/prism-markdown'
import 'prismjs/components/prism-graphql'
import 'prismjs/components/prism-toml'

const ALIASES: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  py: 'python', python3: 'python',
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'shell-session',
  yml: 'yaml', html: 'markup', xml: 'markup', svg: 'markup',
  golang: 'go', rs: 'rust', md: 'markdown', gql: 'graphql', postgres: 'sql', postgresql: 'sql', mysql: 'sql',
}

/** The Prism grammar name for a language name ("ts", "TypeScript", "yml"…), or null if there is none. */
export function grammarName(language: string | undefined): string | null {
  if (!language) return null
  const l = language.trim().toLowerCase()
  const name = ALIASES[l] ?? l
  return Object.prototype.hasOwnProperty.call(Prism.languages, name) && typeof Prism.languages[name] === 'object' ? name : null
}

type Stream = string | Prism.Token | (string | Prism.Token)[]

function toTemplate(s: Stream): TemplateResult | string | (TemplateResult | string)[] {
  if (typeof s === 'string') return s
  if (Array.isArray(s)) return s.map((t) => (typeof t === 'string' ? t : tokenTemplate(t)))
  return tokenTemplate(s)
}

function tokenTemplate(t: Prism.Token): TemplateResult {
  const aliases = Array.isArray(t.alias) ? t.alias : t.alias ? [t.alias] : []
  const cls = ['token', t.type, ...aliases].filter((c) => /^[\w-]+$/.test(c)).join(' ')
  return html`<span class=${cls}>${toTemplate(t.content as Stream)}</span>`
}

/** Highlighted code as templates; plain text when the language is unknown or tokenizing fails. */
export function highlight(code: string, language: string | undefined): TemplateResult | string {
  const name = grammarName(language)
  if (!name) return code
  try {
    return html`${toTemplate(Prism.tokenize(code, Prism.languages[name]!))}`
  } catch {
    return code
  }
}
