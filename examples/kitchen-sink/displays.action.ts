import { defineAction } from 'mini-interval'

// A small PNG (a blue dot), to show that Buffers display as images.
const DOT = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAYAAADgdz34AAAAaUlEQVR4nO2UOw4AIAhDvZe389Cuuhs/LZToYBNG34OgpvRCcqltViFQiYyFUxIrHJJ44VuJCr6UnA6MkQlOgQRM58wk7u7hKb7ALJAtOfyaXn1o1gr9j6ZwlWQL90oguFVCwVGZC6pKB3/Ccl2oxWGNAAAAAElFTkSuQmCC',
  'base64',
)

export default defineAction({
  name: 'Kitchen sink: displays',
  description: 'Every io.display method, in the feed above a confirmation',
  handler: async (io) => {
    await io.display.heading('Account overview', {
      description: 'Everything we know about this customer',
      menuItems: [
        { label: 'Refund', route: 'billing/refund' },
        { label: 'Docs', url: 'https://example.com/docs', theme: 'secondary' },
      ],
    })
    await io.display.markdown('Accounts are **reviewed weekly**. See `billing/` for tools.\n\n| Plan | Seats |\n|---|---|\n| Pro | 12 |')
    await io.display.html('Raw HTML', { html: '<p>Sanitised <em>HTML</em>: <img src=x onerror="alert(1)"> no scripts run.</p>' })
    await io.display.code('Webhook handler', { language: 'ts', code: 'export async function onEvent(e: Event): Promise<void> {\n  // retry three times\n  await queue.push(e)\n}' })
    await io.display.link('Open the refund tool', { route: 'billing/refund', params: { email: 'ada@example.com' } })
    await io.display.image('Logo (from a Buffer)', { buffer: DOT, alt: 'A blue dot', size: 'thumbnail' })
    await io.display.object('Raw record', { data: { id: 'cus_42', plan: { name: 'Pro', seats: 12 }, tags: ['vip', 'eu'], created: new Date('2024-02-01') } })
    await io.display.metadata('Customer', {
      layout: 'card',
      data: [
        { label: 'Name', value: 'Ada Lovelace' },
        { label: 'Balance', value: new Promise((r) => setTimeout(() => r('$1,280.00'), 800)) },
        { label: 'Open tickets', value: async () => 2 },
        { label: 'Profile', value: 'View', url: 'https://example.com/customers/42' },
      ],
    })
    return io.confirm('Does everything look right?')
  },
})
