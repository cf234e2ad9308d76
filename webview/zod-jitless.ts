// Must be imported before any schema is created: zod decides at construction
// whether to compile parsers with `new Function`, which the webview's CSP
// (no 'unsafe-eval') refuses and reports as a violation.
import { config } from 'zod'

config({ jitless: true })
