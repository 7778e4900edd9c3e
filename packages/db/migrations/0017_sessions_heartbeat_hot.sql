-- Every heartbeat wrote an indexed column (last_heartbeat), so none was a HOT update: each put a
-- new entry in all eight indexes of test_sessions (measured: 0 of 16,000 heartbeats HOT; without
-- the index, 16,000 of 16,000). No query reads through it: the sweeper's silence check compares
-- last_heartbeat with each assessment's own timeout, a filter on the active sessions it scans.
DROP INDEX "test_sessions_last_heartbeat_idx";
