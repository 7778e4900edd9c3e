import { FUNCTION_STYLE_LANGUAGES, type TestStyle } from '@assess/core'
import { listCodeLanguages } from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './languages.routes.ts'

/** What the workers can run: the editor offers it, publishing checks it. */
export function createLanguagesRouter(deps: AppDeps) {
  return createRouter().openapi({ ...routes.list, middleware: [requireStaff(deps)] }, async (c) => {
    const languages = await listCodeLanguages(deps.db)
    return c.json(
      {
        languages: languages.map(({ language, label, probe }) => ({
          language,
          label,
          version: probe?.version ?? null,
          available: probe?.available ?? null,
          problem: probe?.problem ?? null,
          probed_at: probe?.probedAt.toISOString() ?? null,
          styles: (FUNCTION_STYLE_LANGUAGES.includes(language)
            ? ['function', 'stdio']
            : ['stdio']) satisfies TestStyle[],
        })),
      },
      200,
    )
  })
}
