// What every end-to-end test shares: the server under test, the demo
// password, and a Chinese-locale page in Debian's headless Chromium (never a
// downloaded browser; the flags keep it off the network).
import { mkdir } from 'node:fs/promises'
import { chromium } from 'playwright-core'

export const BASE = (process.env.LIFELINE_URL || 'http://127.0.0.1:18080').replace(/\/$/, '')
export const PASSWORD = process.env.LIFELINE_DEMO_PASSWORD || 'lifeline-demo'
const OUT = new URL('../out/', import.meta.url)
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A new browser and page: zh-CN, Asia/Shanghai, 1360×900. */
export async function openPage({ timeout = 15_000 } = {}) {
  await mkdir(OUT, { recursive: true })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 900 },
  })
  context.setDefaultTimeout(timeout)
  return { browser, page: await context.newPage() }
}

/** Saves a screenshot to e2e/out/NAME.png. */
export async function screenshot(page, name, options = {}) {
  await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname, ...options })
}
