// One SMTP sink for the tests of both processes: the worker's (it owns smtp-server as a dev dependency).
export * from '../../../worker/src/test/smtp-sink.ts'
