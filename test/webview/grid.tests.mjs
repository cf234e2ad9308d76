// io.display.grid: cards from `tableData` items (or getData pages), filtered,
// paged, each a link when it has a url/route, with its "⋯" menu.
import assert from 'node:assert/strict'
import { state, swatch } from './fixtures.mjs'
import { eventually, textOf } from './util.mjs'

const COLORS = ['#3794ff', '#73c991', '#c586c0', '#e5534b', '#d18616']
export function genItems(n) {
  return Array.from({ length: n }, (_, i) => ({
    label: `Product ${i + 1}`,
    description: i % 2 ? `Blue edition, size ${i % 5}` : `Red edition, size ${i % 5}`,
    ...(i % 3 === 0 ? { image: { url: swatch(COLORS[i % 5]), alt: `Product ${i + 1}` } } : {}),
    ...(i % 4 === 0 ? { url: `https://example.com/p/${i + 1}` } : i % 4 === 1 ? { route: 'products/show', params: { id: i + 1 } } : {}),
    ...(i % 5 === 0 ? { menu: [{ label: 'Edit', route: 'products/edit', params: { id: i + 1 } }, { label: 'Delete', route: 'products/delete', theme: 'danger' }, { label: 'Archive', disabled: true, route: 'x' }] } : {}),
  }))
}

const grid = (label, extra = {}) => ({ method: 'DISPLAY_GRID', label, props: { dataId: 'items-1', isFilterable: true, isSortable: false, columns: [], ...extra } })
const items = (dataId, list) => ({ type: 'tableData', dataId, json: JSON.stringify({ items: list }) })
const cards = (w) => w.page.getByTestId('grid-item')
const labels = (w) => w.page.locator('io-grid .card-label').allTextContents()

export function register(test, shot) {
  test('grid: cards in pages of 20, filter narrows them, Next/Previous', async (w) => {
    await w.send(state({ status: 'running', feed: [grid('Products', { rowCount: 57 })] }))
    await w.page.getByText('Loading items…').waitFor()
    await w.send(items('items-1', genItems(57)))
    await eventually(async () => assert.equal(await cards(w).count(), 20))
    assert.equal(await w.page.getByTestId('grid-count').textContent(), '1–20 of 57')
    await w.page.getByRole('button', { name: 'Next' }).click()
    await w.page.getByRole('button', { name: 'Next' }).click()
    await eventually(async () => assert.equal(await w.page.getByTestId('grid-count').textContent(), '41–57 of 57'))
    assert.equal(await cards(w).count(), 17)
    assert.equal(await w.page.getByRole('button', { name: 'Next' }).isDisabled(), true)
    const search = w.page.getByLabel('Search Products')
    await search.fill('BLUE EDITION, SIZE 3')
    await eventually(async () => assert.equal(await w.page.getByTestId('grid-count').textContent(), '1–6 of 6'))
    assert.deepEqual(await labels(w), ['Product 4', 'Product 14', 'Product 24', 'Product 34', 'Product 44', 'Product 54'])
    await search.fill('nothing like this')
    await eventually(async () => assert.equal(await w.page.getByTestId('grid-count').textContent(), 'No matching items'))
  })

  test('grid: a card with url or route is a link posting open; its menu posts open, disabled/danger items', async (w) => {
    await w.send(state({ status: 'running', feed: [grid('Products', { rowCount: 6, idealColumnWidth: 220 })] }))
    await w.send(items('items-1', genItems(6)))
    await cards(w).first().waitFor()
    // The grid's columns follow idealColumnWidth.
    assert.equal(await w.page.locator('io-grid ul.cards').evaluate((e) => getComputedStyle(e).getPropertyValue('--mi-card-w')), '220px')
    await w.page.getByRole('link', { name: /Product 1\b/ }).click()
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', url: 'https://example.com/p/1' })
    await w.page.getByRole('link', { name: /Product 2\b/ }).click()
    await eventually(async () => assert.deepEqual((await w.posted()).at(-1), { type: 'open', route: 'products/show', params: { id: 2 } }))
    assert.equal(await w.page.getByRole('link', { name: /Product 3\b/ }).count(), 0)
    // Product 1 has an image on top, with its alt text.
    assert.equal(await cards(w).first().locator('img').getAttribute('alt'), 'Product 1')
    await w.page.getByRole('button', { name: 'Actions for Product 1' }).click()
    const menu = w.page.getByRole('menu', { name: 'Product 1 actions' })
    await menu.waitFor()
    assert.equal(await menu.getByRole('menuitem', { name: 'Delete' }).getAttribute('class'), 'danger')
    assert.equal(await menu.getByRole('menuitem', { name: 'Archive' }).getAttribute('aria-disabled'), 'true')
    await w.page.keyboard.press('Escape')
    await eventually(async () => assert.equal(await menu.count(), 0))
    await w.page.keyboard.press('Enter') // reopens from the focused "⋯"
    await menu.waitFor()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.deepEqual((await w.posted()).at(-1), { type: 'open', route: 'products/edit', params: { id: 1 } }))
    assert.equal((await w.posted()).filter((m) => m.type === 'submit').length, 0)
  })

  test('async grid: getData per filter and page; a late older answer is dropped; errors show', async (w) => {
    await w.send(state({ status: 'running', feed: [grid('Catalog', { async: true, defaultPageSize: 4 })] }))
    const queries = async () => (await w.posted()).filter((m) => m.type === 'tableQuery')
    const q1 = await w.waitForPosted('tableQuery')
    assert.deepEqual(q1.query, { queryTerm: '', offset: 0, pageSize: 4 })
    const all = genItems(10)
    await w.send({ type: 'tableRows', dataId: 'items-1', requestId: q1.requestId, data: { items: all.slice(0, 4) }, totalRecords: 10 })
    await eventually(async () => assert.equal(await w.page.getByTestId('grid-count').textContent(), '1–4 of 10'))
    await w.page.getByRole('button', { name: 'Next' }).click()
    await eventually(async () => assert.equal((await queries()).length, 2))
    const q2 = (await queries()).at(-1)
    assert.deepEqual(q2.query, { queryTerm: '', offset: 4, pageSize: 4 })
    await w.page.getByLabel('Search Catalog').fill('red')
    await eventually(async () => assert.equal((await queries()).length, 3))
    const q3 = (await queries()).at(-1)
    assert.deepEqual(q3.query, { queryTerm: 'red', offset: 0, pageSize: 4 })
    await w.send({ type: 'tableRows', dataId: 'items-1', requestId: q3.requestId, data: { items: [all[0], all[2]] }, totalRecords: 2 })
    await w.send({ type: 'tableRows', dataId: 'items-1', requestId: q2.requestId, data: { items: all.slice(4, 8) }, totalRecords: 10 })
    await eventually(async () => assert.deepEqual(await labels(w), ['Product 1', 'Product 3']))
    await w.page.waitForTimeout(100)
    assert.deepEqual(await labels(w), ['Product 1', 'Product 3'])
    await w.page.getByLabel('Search Catalog').fill('x')
    await eventually(async () => assert.equal((await queries()).length, 4))
    await w.send({ type: 'tableRows', dataId: 'items-1', requestId: (await queries()).at(-1).requestId, data: { items: [] }, error: 'Catalog offline' })
    await eventually(async () => assert.match(await textOf(w.page.locator('io-grid')), /Could not load items: Catalog offline/))
  })

  shot('grid', async (w) => {
    await w.send(state({ status: 'running', feed: [grid('Products', { rowCount: 9, defaultPageSize: 8 })] }))
    await w.send(items('items-1', genItems(9)))
    await cards(w).first().waitFor()
    await w.page.getByRole('button', { name: 'Actions for Product 6' }).click()
  })
}
