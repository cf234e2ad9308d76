export * from './components'
export * from './messages'
