import { type RefObject, useEffect, useRef, useState } from 'react'
import { sendAbandonBeacon } from '../api.ts'

/**
 * The network and the page's life: offline holds the outbox and online sends it (with a
 * heartbeat to re-sync the clock); hiding the tab saves the draft, showing it re-syncs (timers
 * sleep in background tabs); leaving saves, flushes the integrity log and sends the tab-close
 * beacon (a reload resumes; the sweeper abandons a test nobody came back to).
 */
export function usePageLifecycle(options: {
  sessionId: string
  token: string
  queue: { markOffline(): void; resume(): void }
  leaseRef: RefObject<string | null>
  finished: RefObject<boolean>
  heartbeat: () => Promise<void>
  saveNow: () => void
  flushIntegrity: (keepalive: boolean) => Promise<void>
}) {
  const { sessionId, token, queue, leaseRef, finished, heartbeat, saveNow, flushIntegrity } =
    options
  const [online, setOnline] = useState(() => navigator.onLine)
  // While the page unloads, saves go out with keepalive (they must outlive it).
  const unloading = useRef(false)

  useEffect(() => {
    const onOffline = () => {
      setOnline(false)
      queue.markOffline()
    }
    const onOnline = () => {
      setOnline(true)
      queue.resume()
      void heartbeat()
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saveNow()
      else void heartbeat()
    }
    const onPageHide = () => {
      unloading.current = true
      saveNow()
      void flushIntegrity(true)
      if (!finished.current) sendAbandonBeacon(sessionId, token, leaseRef.current)
    }
    const onPageShow = () => {
      unloading.current = false
    }
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('pageshow', onPageShow)
    return () => {
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('pageshow', onPageShow)
    }
  }, [queue, heartbeat, saveNow, flushIntegrity, sessionId, token, leaseRef, finished])

  return { online, unloading }
}
