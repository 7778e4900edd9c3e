import { processEnv, waitForOk } from '@assess/db/testing'
import type { Subprocess } from 'bun'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expectAccessible } from './axe.ts'

const root = `${import.meta.dir}/../../..`

/**
 * The whole product for browser tests: the SPA built, then `db:migrate`, `seed`, `start:api`
 * (serving the build) and `start:worker` as real processes on a fresh database and Redis prefix,
 * and Debian's Chromium driven by playwright-core (never a downloaded browser).
 */
export async function startStack(name: string) {
  const { env, base } = processEnv(name, { SWEEP_INTERVAL_MS: '500' })
  const run = (script: string) => {
    const result = Bun.spawnSync(['bun', 'run', script], { cwd: root, env })
    if (result.exitCode !== 0) throw new Error(`${script} failed: ${result.stderr.toString()}`)
    return result.stdout.toString()
  }
  run('build')
  run('db:migrate')
  const seed = run('seed')
  const processes: Subprocess[] = ['start:api', 'start:worker'].map((script) =>
    Bun.spawn(['bun', 'run', script], { cwd: root, env, stdout: 'ignore', stderr: 'inherit' }),
  )
  await waitForOk(`${base}/readyz`)
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  return {
    base,
    env,
    browser,
    seededInvitation: invitationIn(seed),
    /** Another invitation to the demo assessment (the seed issues a new one each run). */
    newInvitation: () => invitationIn(run('seed')),
    async stop() {
      await browser.close()
      for (const p of processes) p.kill('SIGTERM')
      await Promise.all(processes.map((p) => p.exited))
    },
  }
}

const invitationIn = (seedOutput: string) =>
  /\/invite\/([A-Za-z0-9_-]+)/.exec(seedOutput)?.[1] ?? ''

/** Where the e2e run leaves its screenshots (named in the README). */
export const screenshotDir = `${root}/docs/screenshots`

/**
 * A screenshot of the screen as it stands, for docs/screenshots, and axe-core's check of it: no
 * serious or critical accessibility violation on any screen a test passes through. `axe: false`
 * only for a page that is not ours (the API reference is Scalar's).
 */
export async function shot(page: Page, name: string, options: { axe?: boolean } = {}) {
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true })
  if (options.axe !== false) await expectAccessible(page, name)
}
