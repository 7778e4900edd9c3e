import { useCallback, useEffect, useMemo, useRef } from 'react'
import { ApiError } from '../api/client.ts'
import type { IntegrityEvent } from './api.ts'

const BATCH = 50
const KEEP = 200
const FLUSH_EVERY_MS = 5_000

/**
 * Integrity signals (tab hidden/visible, window blur/focus, paste/copy/cut, fullscreen exit,
 * network), buffered and sent in batches; kept and retried while offline.
 */
export function useIntegrity(options: {
  enabled: boolean
  questionId: () => string | null
  send(events: IntegrityEvent[], keepalive: boolean): Promise<unknown>
  onError(error: unknown): void
}) {
  const buffer = useRef<IntegrityEvent[]>([])
  const sending = useRef(false)
  /** The server stores no more for this attempt (its cap): stop sending. */
  const capped = useRef(false)
  const latest = useRef(options)
  latest.current = options

  const record = useCallback((type: IntegrityEvent['type'], data?: Record<string, unknown>) => {
    buffer.current.push({ type, at: new Date().toISOString(), ...(data && { data }) })
    if (buffer.current.length > KEEP) buffer.current.splice(0, buffer.current.length - KEEP)
  }, [])

  const flush = useCallback(async (keepalive = false) => {
    if (!latest.current.enabled || sending.current || capped.current) return
    if (buffer.current.length === 0) return
    const batch = buffer.current.splice(0, BATCH)
    sending.current = true
    try {
      await latest.current.send(batch, keepalive)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'event_cap_reached') {
        capped.current = true
        buffer.current = []
        return
      }
      const retry =
        error instanceof ApiError &&
        (error.status === 0 || error.status === 429 || error.status >= 500 || error.status === 409)
      if (retry) buffer.current.unshift(...batch)
      latest.current.onError(error)
    } finally {
      sending.current = false
    }
  }, [])

  useEffect(() => {
    const id = setInterval(() => void flush(), FLUSH_EVERY_MS)
    return () => clearInterval(id)
  }, [flush])

  useEffect(() => {
    const where = () => {
      const id = latest.current.questionId()
      return id ? { question_id: id } : {}
    }
    // A page being left (a reload, a close) is hidden on its way out: pagehide comes first, and
    // the close beacon says it. Only a hidden tab that stays open is a tab switch.
    let leaving = false
    const onPageHide = () => {
      leaving = true
    }
    const onPageShow = () => {
      leaving = false
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        if (!leaving) record('tab_hidden', where())
        void flush(true)
      } else record('tab_visible', where())
    }
    const clip = (type: 'paste' | 'copy' | 'cut') => (e: ClipboardEvent) => {
      const length =
        type === 'paste'
          ? (e.clipboardData?.getData('text/plain').length ?? 0)
          : (document.getSelection()?.toString().length ?? 0)
      record(type, { ...where(), length })
    }
    const onPaste = clip('paste')
    const onCopy = clip('copy')
    const onCut = clip('cut')
    const onBlur = () => record('window_blur', where())
    const onFocus = () => record('window_focus', where())
    const onFullscreen = () =>
      record(document.fullscreenElement ? 'fullscreen_enter' : 'fullscreen_exit', where())
    const onOffline = () => record('network_offline')
    const onOnline = () => {
      record('network_online')
      void flush()
    }
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('pageshow', onPageShow)
    document.addEventListener('paste', onPaste, true)
    document.addEventListener('copy', onCopy, true)
    document.addEventListener('cut', onCut, true)
    document.addEventListener('fullscreenchange', onFullscreen)
    window.addEventListener('blur', onBlur)
    window.addEventListener('focus', onFocus)
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    return () => {
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('pageshow', onPageShow)
      document.removeEventListener('paste', onPaste, true)
      document.removeEventListener('copy', onCopy, true)
      document.removeEventListener('cut', onCut, true)
      document.removeEventListener('fullscreenchange', onFullscreen)
      window.removeEventListener('blur', onBlur)
      window.removeEventListener('focus', onFocus)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
    }
  }, [record, flush])

  return useMemo(() => ({ record, flush }), [record, flush])
}
