// Interval's `Interval` and `ExperimentalInterval` classes. Constructing one
// records its config (see core/routes/app.ts) instead of connecting; `listen`
// and the other network calls do nothing: there is no server.
import { recordApp, type IntervalConfig } from '../core/routes/app'
import type { RouteDefinition, Page } from '../core/routes/page'

export class Interval {
  readonly config: IntervalConfig
  /** `interval.routes.add/remove`, as Interval's Routes namespace changes `config.routes`. */
  readonly routes: { add(slug: string, route: RouteDefinition | Page): void; remove(slug: string): void }

  constructor(config: IntervalConfig) {
    this.config = config
    this.routes = {
      add: (slug, route) => {
        this.config.routes = { ...this.config.routes, [slug]: route }
      },
      remove: (slug) => {
        for (const key of ['routes', 'actions', 'groups'] as const) {
          const defs = this.config[key] as Record<string, unknown> | undefined
          if (defs && slug in defs) return void delete defs[slug]
        }
      },
    }
    recordApp(this)
  }

  /** Deprecated alias of `routes` in Interval. */
  get actions(): Interval['routes'] {
    return this.routes
  }

  get isConnected(): boolean {
    return true
  }

  /** Interval connected here; Mini Interval runs the routes in VS Code instead. */
  async listen(): Promise<void> {}

  async ping(): Promise<boolean> {
    return true
  }

  async safelyClose(): Promise<void> {}

  immediatelyClose(): void {}
}

/** Interval's serverless variant; its request handlers have nothing to answer here. */
export class ExperimentalInterval extends Interval {
  async handleRequest(): Promise<boolean> {
    return false
  }

  get httpRequestHandler(): (req: unknown, res: { writeHead(code: number): { end(body?: string): void } }) => void {
    return (_req, res) => res.writeHead(200).end('OK')
  }
}
