-- wrk script for the session hot paths. BENCH_ROUTE picks the request; BENCH_DATA names a file
-- of "token session lease" lines (one candidate each); BENCH_QUESTIONS lists the question ids.
-- Requests walk the candidates round robin, so no two connections fight over one row for long.
local route = os.getenv("BENCH_ROUTE")
local rows, questions = {}, {}
for line in io.lines(os.getenv("BENCH_DATA")) do
  local token, session, lease = line:match("^(%S+) (%S+) (%S+)$")
  rows[#rows + 1] = { token = token, session = session, lease = lease }
end
for id in string.gmatch(os.getenv("BENCH_QUESTIONS"), "[^,]+") do
  questions[#questions + 1] = id
end

-- The code route: BENCH_CODE_QUESTIONS lists the JavaScript questions, BENCH_CODE_DRAFTS names a
-- file of code drafts, one JSON string per line.
local code_questions, code_drafts = {}, {}
for id in string.gmatch(os.getenv("BENCH_CODE_QUESTIONS") or "", "[^,]+") do
  code_questions[#code_questions + 1] = id
end
if os.getenv("BENCH_CODE_DRAFTS") then
  for line in io.lines(os.getenv("BENCH_CODE_DRAFTS")) do code_drafts[#code_drafts + 1] = line end
end

local first_question = tonumber(os.getenv("BENCH_FIRST_QUESTION") or "1")
local n = 0
request = function()
  n = n + 1
  local row = rows[(n - 1) % #rows + 1]
  local path = "/api/sessions/" .. row.session
  local headers = {
    ["authorization"] = "Bearer " .. row.token,
    ["x-session-lease"] = row.lease,
    ["content-type"] = "application/json",
    -- As every browser sends it (wrk does not by itself): large JSON comes back compressed.
    ["accept-encoding"] = "gzip, deflate, br",
  }
  if route == "heartbeat" then
    return wrk.format("PUT", path .. "/heartbeat", headers)
  elseif route == "draft" then
    local q = questions[n % #questions + 1]
    return wrk.format("PUT", path .. "/progress", headers,
      '{"pending_answers":{"' .. q .. '":{"choice_ids":["a"]}}}')
  elseif route == "codedraft" then
    local q = code_questions[n % #code_questions + 1]
    local code = code_drafts[n % #code_drafts + 1]
    return wrk.format("PUT", path .. "/progress", headers,
      '{"pending_answers":{"' .. q .. '":{"language":"javascript","code":' .. code .. '}}}')
  elseif route == "submit" then
    -- Every (candidate, question) pair once: a new answer per request, never a replay. (Free
    -- navigation: wrk may call request() without sending it, so a pair can be skipped.) A run
    -- starts at BENCH_FIRST_QUESTION, past the questions an earlier run (the warm-up) answered.
    local q = questions[(first_question - 1 + math.floor((n - 1) / #rows)) % #questions + 1]
    return wrk.format("POST", path .. "/answers", headers,
      '{"question_id":"' .. q .. '","answer":{"choice_ids":["a","c"]}}')
  elseif route == "read" then
    return wrk.format("GET", path, headers)
  elseif route == "resume" then
    return wrk.format("GET", "/api/sessions/active", headers)
  end
  error("unknown BENCH_ROUTE " .. tostring(route))
end

-- BENCH_DEBUG=1: print the first few non-2xx responses (slows wrk a little).
if os.getenv("BENCH_DEBUG") then
  local shown = 0
  response = function(status, headers, body)
    if status >= 300 and shown < 5 then
      shown = shown + 1
      io.stderr:write(status .. " " .. body .. "\n")
    end
  end
end
