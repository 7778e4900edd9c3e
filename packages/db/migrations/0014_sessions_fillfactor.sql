-- A session row is updated many times (every heartbeat, draft save and answer): room left in
-- each page lets Postgres rewrite it in place (a HOT update, no index entries) when no indexed
-- column changed.
ALTER TABLE "test_sessions" SET (fillfactor = 70);
