-- The booking rush for wrk (run by bench/rush.py): every request books one seat for
-- another member, then each thread stops once its share has been answered.
--
--   wrk -t2 -c32 -d120s --latency -s bench/rush.lua http://HOST:PORT/api/bookings \
--       -- TOKENS_FILE SCREENING_ID THREADS PARKING_PORT
--
-- TOKENS_FILE has one API token a line, one per member. Thread i of THREADS sends the
-- tokens i, i + THREADS, i + 2 THREADS, ... Lines starting with "rush-" on stdout are
-- for rush.py: "rush-start" and "rush-done" as each thread starts and finishes (wrk
-- itself only stops at -d, so rush.py times the rush from them and then interrupts
-- wrk), and the results from done().
--
-- The server closes each connection after its answer and wrk opens a new one at once.
-- A connection left open with nothing to send would hold a gunicorn sync worker until
-- its timeout, so once a thread has sent its share, its new connections go to
-- PARKING_PORT, a socket of rush.py that listens and never accepts. A connection
-- already open to the server by then sends a "spare" GET /health/ instead (counted
-- apart; usually none or a few).

local threads = {}

-- In wrk's main Lua state, once per thread, before that thread's init().
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

-- In each thread's own Lua state.
function init(args)
  local tokens_file, screening, count = args[1], tonumber(args[2]), tonumber(args[3])
  parking = wrk.lookup("127.0.0.1", args[4])[1]
  local body = string.format(
    '{"screening": %d, "prices": ["5.00"], "payment": "door"}', screening
  )
  requests = {}
  local line = 0
  for token in io.lines(tokens_file) do
    line = line + 1
    if token ~= "" and (line - 1) % count == id - 1 then
      requests[#requests + 1] = wrk.format("POST", wrk.path, {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
        ["Accept-Language"] = "fr",
        ["Idempotency-Key"] = "rush-" .. line,
      }, body)
    end
  end
  spare = wrk.format("GET", "/health/")
  reserved, sent, answered = 0, 0, 0
  accepted, refused, other, spares = 0, 0, 0, 0
  codes, statuses = {}, {}
end

-- Called before each request a connection sends: each of the first `#requests` calls
-- lets one booking go; with the last one, later connections go to the parking socket.
function delay()
  if reserved == 0 then
    io.write("rush-start ", id, "\n")
    io.flush()
  end
  reserved = reserved + 1
  if reserved == #requests then
    wrk.thread.addr = parking
  end
  return 0
end

function request()
  if reserved == 0 then
    -- wrk checks the script's request once before the run: it is never sent.
    return requests[1]
  end
  sent = sent + 1
  if sent > #requests then
    return spare
  end
  return requests[sent]
end

function response(status, headers, body)
  if status == 200 and body == "ok" then
    spares = spares + 1
    return
  end
  answered = answered + 1
  if status == 201 then
    accepted = accepted + 1
  elseif status == 409 then
    refused = refused + 1
    local code = body:match('"code"%s*:%s*"([%w_]+)"') or "?"
    codes[code] = (codes[code] or 0) + 1
  else
    other = other + 1
    statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
  end
  if answered >= #requests then
    io.write("rush-done ", id, "\n")
    io.flush()
    wrk.thread:stop()
  end
end

local function pairs_text(counts)
  local parts = {}
  for key, value in pairs(counts) do
    parts[#parts + 1] = key .. ":" .. value
  end
  table.sort(parts)
  return table.concat(parts, ",")
end

-- In the main Lua state, after every thread has stopped and wrk was interrupted.
function done(summary, latency, requests_stats)
  local totals = { planned = 0, answered = 0, accepted = 0, refused = 0, other = 0, spares = 0 }
  local codes_all, statuses_all = {}, {}
  for _, thread in ipairs(threads) do
    totals.planned = totals.planned + #thread:get("requests")
    for _, name in ipairs({ "answered", "accepted", "refused", "other", "spares" }) do
      totals[name] = totals[name] + thread:get(name)
    end
    for code, n in pairs(thread:get("codes")) do
      codes_all[code] = (codes_all[code] or 0) + n
    end
    for status, n in pairs(thread:get("statuses")) do
      statuses_all[status] = (statuses_all[status] or 0) + n
    end
  end
  local e = summary.errors
  io.write(string.format(
    "rush-result planned=%d answered=%d accepted=%d refused=%d other=%d spares=%d\n",
    totals.planned, totals.answered, totals.accepted, totals.refused, totals.other,
    totals.spares
  ))
  io.write("rush-codes ", pairs_text(codes_all), "\n")
  io.write("rush-statuses ", pairs_text(statuses_all), "\n")
  io.write(string.format(
    "rush-errors connect=%d read=%d write=%d timeout=%d\n",
    e.connect, e.read, e.write, e.timeout
  ))
  io.write(string.format(
    "rush-latency p50=%d p90=%d p99=%d max=%d mean=%d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean
  ))
  io.flush()
end
