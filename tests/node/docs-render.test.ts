// /docs renders in a real headless Chromium: Redoc hydrates from the Worker alone (no CDN
// request at all), shows the API title, the partner sections and the operations, a deep link
// lands on its operation with its request samples (the spec's x-codeSamples), and a
// screenshot is kept in test-results/docs.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalStack, type LocalStack } from '../../scripts/local-stack.ts'
import { repoRoot } from './contract-support.ts'

const scratch = mkdtempSync(join(tmpdir(), 'adv-docs-render-'))
const externalRequests: { url: string; type: string }[] = []
let worker: LocalStack
let browser: BrowserContext
let page: Page
let baseUrl: string

beforeAll(async () => {
  // The database is prepared by the global setup; the stack keeps its state in a throwaway directory.
  worker = await startLocalStack({ seed: null, skipDatabase: true, ephemeralState: true })
  baseUrl = worker.url
  browser = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  // Anything not served by the Worker is recorded and refused, as it would be offline.
  await browser.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    externalRequests.push({ url: route.request().url(), type: route.request().resourceType() })
    return route.abort()
  })
  page = browser.pages()[0] ?? (await browser.newPage())
  await page.goto(`${baseUrl}/docs`, { waitUntil: 'load', timeout: 30_000 })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await worker?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('GET /docs in headless Chromium', () => {
  it('shows the API title', async () => {
    await expect(page.title()).resolves.toBe('Adventive Public API')
    await page.locator('h1', { hasText: 'Adventive Public API' }).first().waitFor({ timeout: 15_000 })
  })

  const labels = () => page.locator('[data-testid="menu-item-label"]')

  /** Opens a tag group of the sidebar (a click needs the hydrated page) and returns its labels. */
  async function openGroup(tag: string, firstOperation: string): Promise<string[]> {
    const first = labels().filter({ hasText: firstOperation }).first()
    await expect
      .poll(
        async () => {
          if (await first.isVisible()) return true
          await labels()
            .filter({ hasText: new RegExp(`^${tag}$`) })
            .first()
            .click({ timeout: 5_000 })
          return first.isVisible()
        },
        { timeout: 10_000, interval: 500 },
      )
      .toBe(true)
    return labels().allInnerTexts()
  }

  it('is hydrated: each tag group of the sidebar opens on a click and lists its operations', async () => {
    const groups: Record<string, string[]> = {
      Account: ['Check API credentials', 'List advertisers (version 2.0)', 'List campaigns (version 1.0)'],
      Statistics: [
        'Get daily campaign statistics',
        'Get clicks per landing URL',
        'Get totals per advertiser (version 2.0)',
      ],
      'Looker Studio': ['Get Looker Studio connector data', 'Get Looker Studio connector data (version 2.0)'],
      Service: ['Check the service is up', 'Get this OpenAPI document', 'Read the API reference'],
    }
    for (const [tag, summaries] of Object.entries(groups)) {
      const texts = await openGroup(tag, summaries[0]!)
      for (const summary of summaries)
        expect(
          texts.some((text) => text.startsWith(summary)),
          summary,
        ).toBe(true)
    }
  }, 60_000)

  it('navigates to an operation when it is clicked', async () => {
    const before = page.url()
    const operation = labels().filter({ hasText: 'Get totals per advertiser (version 1.0)' }).first()
    // The sidebar may still be collapsing a group the previous test opened: open and click
    // until the click lands, rather than clicking an item that is on its way out.
    await expect
      .poll(
        async () => {
          await openGroup('Statistics', 'Get totals per advertiser (version 1.0)')
          return operation.click({ timeout: 2_000 }).then(
            () => true,
            () => false,
          )
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true)
    await expect.poll(() => page.url(), { timeout: 10_000 }).not.toBe(before)
    await expect
      .poll(
        () =>
          page.locator('h1, h2', { hasText: 'Get totals per advertiser (version 1.0)' }).first().isVisible(),
        { timeout: 10_000 },
      )
      .toBe(true)
  }, 60_000)

  it('shows the partner sections and no local server or legacy internals', async () => {
    for (const section of ['Getting started', 'Authentication', 'Rate limits', 'Errors', 'SDK', 'Changelog'])
      await expect
        .poll(() =>
          labels()
            .filter({ hasText: new RegExp(`^${section}$`) })
            .count(),
        )
        .toBe(1)
    const text = await page.locator('body').innerText()
    for (const absent of ['127.0.0.1', 'npm start', 'CodeIgniter', '$_GET'])
      expect(text).not.toContain(absent)
  })

  /** The x-codeSamples the served spec gives an operation (the SDK generator writes them). */
  async function samplesOf(path: string): Promise<{ lang: string; label?: string; source: string }[]> {
    const spec = load(await (await fetch(`${baseUrl}/openapi.yaml`)).text()) as {
      paths: Record<string, { get: { 'x-codeSamples'?: { lang: string; label?: string; source: string }[] } }>
    }
    return spec.paths[path]?.get['x-codeSamples'] ?? []
  }

  it('lands a deep link on its operation', async () => {
    // The short form a partner would paste; Redoc rewrites it to its own anchor (#/statistics/getanalyticsv2).
    await page.goto(`${baseUrl}/docs#operation/getAnalyticsV2`, { waitUntil: 'load', timeout: 30_000 })
    const heading = page
      .locator('h1, h2', { hasText: /^Get daily campaign statistics \(version 2\.0\)$/ })
      .first()
    await expect
      .poll(
        async () => {
          const box = await heading.boundingBox()
          return box !== null && box.y >= 0 && box.y < 300
        },
        { timeout: 15_000 },
      )
      .toBe(true)
    expect(decodeURIComponent(new URL(page.url()).hash).toLowerCase()).toContain('getanalyticsv2')
  }, 60_000)

  it("renders the deep-linked operation's request samples: curl shown, every other sample one click away", async () => {
    const samples = await samplesOf('/v2.0/analytics')
    const curl = samples.find((s) => /curl/i.test(s.label ?? s.lang))
    expect(curl, 'the published spec gives /v2.0/analytics a curl sample (x-codeSamples)').toBeDefined()
    const operation = page.locator('[id="statistics/getanalyticsv2"]')
    const firstLine = curl!.source.split('\n')[0]!.replace(/\s*\\$/, '')
    await expect
      .poll(() => operation.getByText(firstLine, { exact: false }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
    // Each other sample under its label (redocly.yaml lists the languages Redoc shows).
    const labelOf = (sample: { lang: string; label?: string }) => sample.label ?? sample.lang
    for (const sample of samples.filter((s) => s !== curl)) {
      await operation.getByText(labelOf(curl!), { exact: true }).first().click()
      await page.getByText(labelOf(sample), { exact: true }).last().click()
      const line = sample.source
        .split('\n')
        .find((l) => l.trim() !== '')!
        .trim()
      await expect
        .poll(() => operation.getByText(line, { exact: false }).count(), { timeout: 10_000 })
        .toBeGreaterThan(0)
      await operation.getByText(labelOf(sample), { exact: true }).first().click()
      await page.getByText(labelOf(curl!), { exact: true }).last().click()
    }
  }, 60_000)

  it('makes no request to any third party, and saves a screenshot', async () => {
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true })
    await page.screenshot({ path: join(repoRoot, 'test-results/docs.png') })
    expect(externalRequests).toEqual([])
  })
})
