// Imported before prismjs: tells Prism not to highlight the document by itself
// (it would scan the page on load) nor to listen for worker messages.
const g = globalThis as { Prism?: { manual?: boolean; disableWorkerMessageHandler?: boolean } }
g.Prism = { ...g.Prism, manual: true, disableWorkerMessageHandler: true }
export {}
