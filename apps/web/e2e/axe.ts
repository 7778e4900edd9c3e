import { expect } from 'bun:test'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/**
 * axe-core on the page as it stands: no serious or critical violation (WCAG 2.2 A and AA plus
 * best practices). The report names each rule and the elements that broke it.
 */
export async function expectAccessible(page: Page, screen: string) {
  // Evaluated by the browser's debugger protocol, not by the page: the page's CSP (no eval,
  // no inline script) stays in force for everything the product itself does.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source)
  const violations = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }
    ).axe
    const result = await axe.run({ runOnly: { type: 'tag', values: tags } })
    return result.violations
  }, TAGS)
  const all = process.env.AXE_REPORT === 'all'
  const serious = (violations as Violation[])
    .filter((v) => all || v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    )
  if (process.env.AXE_REPORT) for (const line of serious) console.log(`AXE ${screen}: ${line}`)
  else expect({ screen, serious }).toEqual({ screen, serious: [] })
}
