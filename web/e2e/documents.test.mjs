// Enforcement documents in the browser, against a real server (fresh demo store): the city's
// unit head opens the document page of the demo's witnessed draw (双随机抽查抽取记录), sees the
// server's A4 rendering in the frame, the proof of its ledger entry checked in the browser
// (已核验), prints (the frame's print is called) and downloads the PDF, whose text holds the
// title and whose hash is the one the page shows. The pages decide; the test reads what they show.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startServer } from './server.mjs'
import { consoleLogin, launch, newPage, shot } from './browser.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launch()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// R: REC-2, REC-21, DR-6
test('console: a document previews, prints and downloads as PDF with its ledger proof verified', async () => {
  const { context, page } = await newPage(browser, { downloads: true })
  await consoleLogin(page, server.base, 'hz_unit_head')
  const drawn = await page.evaluate(async () => {
    const r = await fetch('/api/v1/draws?state=drawn')
    return (await r.json()).items.map((d) => d.id)
  })
  assert.ok(drawn.length > 0, 'the demo has a drawn session')
  const id = Math.min(...drawn)
  await page.goto(`${server.base}/console/documents/draw_session/${id}/draw_record`)
  await page.getByTestId('document-title').filter({ hasText: '双随机抽查抽取记录' }).waitFor()

  // The server's rendering in the frame: the bureau, the title, the proof line at the foot.
  const frame = page.frameLocator('[data-testid=document-frame]')
  await frame.locator('.title', { hasText: '双随机抽查抽取记录' }).waitFor()
  const seq = (await page.getByTestId('rendered-seq').innerText()).trim()
  await frame.locator('.proof', { hasText: `第 ${seq} 条` }).waitFor()
  assert.equal(await frame.locator('.proof svg').count(), 1)

  // The proof of the entry, checked in this browser against the signed checkpoint.
  await page.getByTestId('proof-status').filter({ hasText: '已核验' }).waitFor({ timeout: 20000 })
  await shot(page, 'document-preview')

  // 打印 prints the frame (the document), not the console around it.
  await page.evaluate(() => {
    const f = document.querySelector('[data-testid=document-frame]')
    window.__printed = 0
    f.contentWindow.print = () => { window.__printed++ }
  })
  await page.getByTestId('print').click()
  assert.equal(await page.evaluate(() => window.__printed), 1)

  // 下载 PDF: the server's PDF, the same bytes the page's hash names.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()])
  const file = path.join(server.dir, 'document.pdf')
  await download.saveAs(file)
  const bytes = readFileSync(file)
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-')
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, '')
  assert.ok(text.includes('双随机抽查抽取记录'), text.slice(0, 300))
  assert.ok(text.includes(`本文书已记入执法记录，第${seq}条`))
  const shown = (await page.getByTestId('pdf-hash').innerText()).trim()
  assert.equal(shown.length, 64)
  // The store hashes with SM3 by default, which node does not have: compare through the server,
  // which says the hash of what it sent.
  const again = await page.evaluate(async (u) => (await fetch(u)).headers.get('x-document-hash'), `/api/v1/documents/draw_session/${id}/draw_record.pdf`)
  assert.equal(again, shown)
  await context.close()
})
