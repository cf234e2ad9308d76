import { Layout, Page, ctx } from '@interval/sdk'

export default new Page({
  name: 'Orders',
  description: 'Find and inspect orders',
  // The page's own screen: read-only, its menu items start actions with params.
  handler: async (display) =>
    new Layout({
      title: 'Orders',
      description: async () => `Signed in as ${ctx.user.email}`,
      menuItems: [
        { label: 'Find order A100', route: 'orders/find_order', params: { id: 'A100' } },
        { label: 'Interval docs', url: 'https://interval.com/docs' },
      ],
      children: [display.markdown('Two orders are **open**.')],
    }),
})
