// Webview entry: connects <mi-app> to the extension host through VS Code's
// postMessage (the browser app, web.ts, does the same over HTTP).
import './zod-jitless' // first: before the protocol schemas are built
import type { MiApp } from './app/mi-app'
import { registerPrimitives } from './primitives'
import { connectSession } from './transport/session'
import { vscodeTransport } from './transport/vscode'
import './app/mi-app'

const transport = vscodeTransport()
registerPrimitives()

const app = (document.querySelector('mi-app') ?? document.body.appendChild(document.createElement('mi-app'))) as MiApp
app.canQueue = true
connectSession(app, transport)
