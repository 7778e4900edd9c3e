import type { LiveEvent } from '@assess/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useStaffAuth } from '../../auth/store.ts'
import { keys, query, type SessionList, useStaffApi } from '../api.ts'
import {
  applyLiveEvent,
  type Board,
  boardOf,
  type FeedItem,
  feedItem,
  parseLiveEvent,
} from './live-board.ts'
import { connectSse, type SseState } from './sse.ts'

const FEED_SIZE = 50
const LIST_LIMIT = 100

/**
 * The live sessions page's data: the organization's sessions, loaded once (and again after a
 * reconnect, when events may have been missed beyond the server's replay), then kept current by
 * GET /api/live's events; and the activity feed those events make.
 */
export function useLiveSessions(assessmentId: string) {
  const api = useStaffApi()
  const token = useStaffAuth((s) => s.token)
  const signOut = useStaffAuth((s) => s.signOut)
  const queryClient = useQueryClient()
  const key = keys.liveSessions(assessmentId)
  // Events that arrive while the list loads are applied to it once it is in (see live-board.ts).
  const duringLoad = useRef<LiveEvent[] | null>(null)
  // Once per session: one missing from a fresh list too (past its first page) stays missing.
  const reloadedFor = useRef(new Set<string>())

  // The list is read once the stream is subscribed (the API subscribes before it answers), so
  // everything after the list's moment arrives as an event; a stream that cannot open yet does
  // not hold the list back.
  const [streamTried, setStreamTried] = useState(false)

  const board = useQuery({
    queryKey: key,
    enabled: streamTried,
    queryFn: async () => {
      const seen: LiveEvent[] = []
      duringLoad.current = seen
      try {
        const get = (status?: string) =>
          api<SessionList>(
            'GET',
            `/api/sessions${query({ status, assessment_id: assessmentId || undefined, limit: LIST_LIMIT })}`,
          ).then((r) => r.sessions)
        // Every session under way, and the latest of all (for the recent endings).
        const lists = await Promise.all([get('active'), get('paused'), get()])
        return seen.reduce((b, e) => applyLiveEvent(b, e).board, boardOf(lists))
      } finally {
        if (duringLoad.current === seen) duringLoad.current = null
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  })

  const [feed, setFeed] = useState<FeedItem[]>([])
  const [connection, setConnection] = useState<SseState>({ kind: 'connecting' })

  useEffect(() => {
    if (!token) return
    setFeed([])
    setStreamTried(false)
    const liveKey = keys.liveSessions(assessmentId)
    const client = connectSse({
      url: `/api/live${query({ assessment_id: assessmentId || undefined })}`,
      headers: () => ({ authorization: `Bearer ${token}` }),
      onMessage(message) {
        const event = parseLiveEvent(message.data)
        if (!event) return
        duringLoad.current?.push(event)
        let missing = false
        const before = queryClient.getQueryData<Board>(liveKey)
        if (before) {
          const applied = applyLiveEvent(before, event)
          missing = applied.missing
          if (applied.board !== before) queryClient.setQueryData(liveKey, applied.board)
        }
        const line = feedItem(message.id ?? `${event.at}-${event.type}`, event, before ?? {})
        setFeed((items) => [line, ...items].slice(0, FEED_SIZE))
        // A session under way but older than the loaded page: load again, it is there now.
        if (missing && !duringLoad.current && !reloadedFor.current.has(event.session_id)) {
          reloadedFor.current.add(event.session_id)
          void queryClient.invalidateQueries({ queryKey: liveKey })
        }
      },
      onState(state) {
        setConnection(state)
        if (state.kind !== 'connecting') setStreamTried(true)
        // Back after a drop: the stream replays what it still holds, the list fills the rest.
        if (state.kind === 'open' && state.reconnected)
          void queryClient.invalidateQueries({ queryKey: liveKey })
        if (state.kind === 'failed' && state.status === 401) signOut()
      },
    })
    return () => client.close()
  }, [token, assessmentId, queryClient, signOut])

  return { board, feed, connection }
}
