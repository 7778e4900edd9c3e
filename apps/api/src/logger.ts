import pino from 'pino'

export type Logger = pino.Logger

/** JSON lines on stdout; every request's lines carry its request_id (see request-logger). */
export function createLogger(
  level: pino.LevelWithSilent,
  base: Record<string, unknown> = {},
): Logger {
  return pino({
    level,
    base: { service: 'api', ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'password', '*.password', 'token'],
      remove: true,
    },
  })
}
