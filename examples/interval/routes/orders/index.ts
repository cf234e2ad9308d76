import { Page } from '@interval/sdk'

export default new Page({
  name: 'Orders',
  description: 'Find and inspect orders',
})
