// The recommendation rule lives with the session's scoring rule in core (one implementation,
// shared with a human override); re-exported here for the summary's callers.
export { clampRecommendation, recommendationFor } from '@assess/core'
