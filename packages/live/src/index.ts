export { type EndedSessionLike, publishSessionEnded, sessionCompletedEvent } from './events.ts'
export {
  createLivePublisher,
  type LiveLogger,
  type LivePublisher,
  type LiveSubject,
} from './publisher.ts'
export { createLiveReader, type LiveReader, type LiveSubscription } from './reader.ts'
export {
  compareIds,
  DEFAULT_MAX_LEN,
  type LiveEntry,
  streamKey,
  toEntry,
} from './stream.ts'
