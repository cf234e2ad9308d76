// Browser entry (`mini-interval serve`): the same components as the VS Code
// webview (main.ts), with a theme of its own and the app around <mi-app>:
// dashboard, transaction pages, History, over the server transport.
import './zod-jitless' // first: before the protocol schemas are built
import { registerPrimitives } from './primitives'
import { applyTheme } from './web/theme'
import './web/mi-web'

applyTheme() // before the toolkit reads its tokens from the body's styles (at window load)
registerPrimitives()
if (!document.querySelector('mi-web')) document.body.appendChild(document.createElement('mi-web'))
