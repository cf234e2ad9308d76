// ▶ Run above each route of an Interval project: in a routesDirectory file at
// its default export, in the entry file at the route's key. A page with a
// handler gets "Open page".
import { defaultExportLine } from '../core/authoring/defaultExport'
import { routeKeyLine } from '../core/routes/keyLine'
import type { ActionIndex } from './actionIndex'
import type { LensSource } from './codeLens'

export function routeLenses(index: ActionIndex): LensSource {
  return (doc) => {
    if (doc.uri.scheme !== 'file') return []
    const path = doc.uri.fsPath
    const runnable = index.all().filter((e) => e.route?.source === path && e.state === 'ready' && (e.route.kind === 'action' || e.route.hasHandler))
    if (!runnable.length) return []
    const text = doc.getText()
    return runnable.map((e) => {
      const route = e.route!
      const page = route.kind === 'page'
      return {
        line: (route.source === e.file.file ? routeKeyLine(text, e.slug) : defaultExportLine(text)) ?? 0,
        title: page ? '$(play) Open page' : '$(play) Run',
        tooltip: `${page ? 'Open' : 'Run'} ${e.name ?? e.slug} (${e.slug})`,
        command: 'miniInterval.runAction',
        arguments: [route.key],
      }
    })
  }
}
