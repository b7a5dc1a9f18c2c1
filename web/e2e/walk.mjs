// Walks every demo role through every page its navigation offers, at 1440 px
// and at phone size (390×844), saves a screenshot of each (e2e/out/walk/) and
// lists the English words left on the Chinese pages. Not part of the test run
// (it takes minutes); run it against a demo server after UI changes:
//
//   LIFELINE_URL=http://127.0.0.1:18080 node e2e/walk.mjs [role …]
import { mkdir, writeFile } from 'node:fs/promises'
import { BASE, PASSWORD, openPage } from './support/browser.mjs'
import { englishWords } from './support/english.mjs'

const ROLES = ['admin', 'cs_admin', 'cs_commander', 'cs_dispatcher', 'cs_repair', 'cs_health', 'cs_lab', 'cs_store', 'cs_staff', 'zz_admin', 'zz_commander']
const SIZES = [
  { name: 'desk', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]
const OUT = new URL('./out/walk/', import.meta.url)

async function logIn(page, username) {
  await page.context().clearCookies()
  await page.goto(`${BASE}/#/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '指挥中心' }).waitFor()
}

/** The hash routes the navigation offers this user (read at desk size). */
async function navTargets(page) {
  await page.waitForTimeout(800) // the register check settles the health entries
  return page.$$eval('nav a', (links) => [...new Set(links.map((a) => a.getAttribute('href')).filter((h) => h && h.startsWith('#/')))])
}

async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(600)
}

const roles = process.argv.slice(2).length ? process.argv.slice(2) : ROLES
await mkdir(OUT, { recursive: true })
const { browser, page } = await openPage({ timeout: 30_000 })
const report = []
try {
  for (const role of roles) {
    await page.setViewportSize({ width: 1440, height: 900 })
    await logIn(page, role)
    const targets = ['#/', ...(await navTargets(page)), '#/account']
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height })
      for (const target of targets) {
        await page.goto(`${BASE}/${target}`)
        await settle(page)
        const name = `${role}-${size.name}-${target.replace(/[#/]+/g, '_').replace(/^_|_$/g, '') || 'home'}`
        await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname, fullPage: size.name === 'desk' })
        const text = await page.locator('body').innerText()
        const words = englishWords(text)
        const errors = await page.locator('.toast--error, .form-error, [role="alert"]').allInnerTexts()
        report.push({ role, size: size.name, target, words, errors: errors.filter((e) => e.trim()) })
        if (words.length || errors.some((e) => e.trim())) console.log(`${name}: ${words.join(' ')} ${errors.join(' | ')}`)
      }
    }
  }
} finally {
  await browser.close()
}
await writeFile(new URL('report.json', OUT), JSON.stringify(report, null, 2))
console.log(`${report.length} pages; ${report.filter((r) => r.words.length).length} with English words; ${report.filter((r) => r.errors.length).length} with errors`)
