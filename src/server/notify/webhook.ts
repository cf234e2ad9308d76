// A notification POSTed to a webhook: Slack-compatible JSON (`text` is what a
// Slack or Mattermost incoming webhook shows) plus our own fields for anything
// else. Never awaited by a run; a webhook that fails is logged by its host
// only, since a webhook's path is its secret.
import type { Logger } from '../log'

export interface WebhookBody {
  /** Slack's field: "*Title*\nmessage". */
  text: string
  message: string
  title?: string
  /** The transaction that sent it, and its page when serve knows its address. */
  tx?: string
  url?: string
  action?: string
  at: string
}

export function webhookBody(n: { message: string; title?: string; tx?: string; slug?: string; at: string }, baseUrl?: string): WebhookBody {
  const url = n.tx && baseUrl ? new URL(`tx/${n.tx}`, baseUrl).href : undefined
  return {
    text: n.title ? `*${slackEscape(n.title)}*\n${slackEscape(n.message)}` : slackEscape(n.message),
    message: n.message,
    ...(n.title ? { title: n.title } : {}),
    ...(n.tx ? { tx: n.tx } : {}),
    ...(url ? { url } : {}),
    ...(n.slug ? { action: n.slug } : {}),
    at: n.at,
  }
}

/** Slack reads &, < and > as markup: an action's text is shown as written. */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A webhook's host, all a log may say of it. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '(not a URL)'
  }
}

export const isWebhook = (s: string): boolean => /^https?:\/\/[^\s]+$/i.test(s)

/** Posts to webhooks with a timeout; logs a host's failure once until it works again. */
export class Webhooks {
  private readonly failing = new Set<string>()
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly log: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  post(url: string, body: WebhookBody): void {
    const host = hostOf(url)
    const p = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) })
      .then(async (res) => {
        await res.body?.cancel().catch(() => undefined)
        if (!res.ok) throw new Error(`it answered ${res.status}`)
        this.failing.delete(host)
      })
      .catch((e: Error) => {
        if (this.failing.has(host)) return
        this.failing.add(host)
        const why = e.name === 'TimeoutError' ? `no answer in ${this.timeoutMs / 1000} s` : e.message.includes('answered') ? e.message : 'it could not be reached'
        this.log.warn(`A notification to the webhook at ${host} failed: ${why}. Further failures there are not logged until it works again.`)
      })
      .finally(() => this.pending.delete(p))
    this.pending.add(p)
  }

  /** Resolves when every post under way ended (tests, and a clean close). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending])
  }
}
