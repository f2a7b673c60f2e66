-- wrk script for the server side of the booking throughput comparison (test/bench/wrkBookingLoad.ts):
-- every request POSTs /api/bookings with a fresh client-generated id, as the customer and on the
-- slot of its booking number. The driver writes those pairs (test/bench/bookingPairs.ts) to a file,
-- one booking number a line ("<slot number> <token>"); thread t of T takes lines t, t + T, t + 2T, ...
-- in order, so no two requests of a run share a number. Running out of lines is an error: the
-- driver writes as many as a run can send.
-- Count-bounded: a thread stops once it has `quota` answers (wrk itself is bounded by -d).
-- Per thread it counts requests sent, 201s and other answers, and times the run with a monotonic
-- clock (wrk's own duration is its whole -d, however early the threads stop). done() prints one
-- line of JSON that the driver parses.
--
-- Arguments (after --): pairsFile quota threads
-- WRK_MODE=health GETs /api/health instead (the HTTP floor of bookingPathProfile.ts).

local ffi = require('ffi')
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } wrk_timespec;
  int clock_gettime(int clock, wrk_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new('wrk_timespec')
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) * 1000000 + tonumber(now_ts.tv_nsec) / 1000
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set('index', thread_count)
  table.insert(threads, thread)
end

local health = os.getenv('WRK_MODE') == 'health'
local quota
-- This thread's bookings, in order: { slot = n, token = '...' }.
local pairs_left = {}
local next_pair = 1
sent, ok, other, first_us, last_us, first_error = 0, 0, 0, 0, 0, ''

function init(args)
  quota = tonumber(args[2])
  local thread_total = tonumber(args[3])
  -- This thread's lines: index, index + threads, ... (`index` is set by setup()).
  local line_no = 0
  for line in io.lines(args[1]) do
    if line_no % thread_total == index - 1 then
      local slot, token = string.match(line, '^(%d+) (%S+)$')
      table.insert(pairs_left, { slot = tonumber(slot), token = token })
    end
    line_no = line_no + 1
  end
  math.randomseed(now_us() * 1000 + index)
  -- wrk calls the first thread's request() once before the run to inspect the request (its
  -- script_verify_request): that one is never sent, so it is not counted.
  uncounted = index == 1 and 1 or 0
end

local function hex(n, width)
  return string.format('%0' .. width .. 'x', n)
end

-- A v4 uuid from math.random (16-bit pieces: string.format stays within 32-bit integers).
local function uuid()
  local r = math.random
  return hex(r(0, 0xffff), 4) .. hex(r(0, 0xffff), 4) .. '-' .. hex(r(0, 0xffff), 4) .. '-4'
    .. hex(r(0, 0xfff), 3) .. '-' .. hex(0x8000 + r(0, 0x3fff), 4) .. '-'
    .. hex(r(0, 0xffff), 4) .. hex(r(0, 0xffff), 4) .. hex(r(0, 0xffff), 4)
end

-- benchId('slot', n) of test/bench/benchIds.ts.
local function slot_id(n)
  return '00000000-0000-4000-8000-' .. hex(n, 12)
end

function request()
  -- The request wrk only inspects does not use up a booking number: the next one is sent with it.
  local pair = pairs_left[next_pair]
  if uncounted > 0 then
    uncounted = uncounted - 1
  else
    if sent == 0 then first_us = now_us() end
    sent = sent + 1
    next_pair = next_pair + 1
  end
  if health then return wrk.format('GET', '/api/health') end
  if pair == nil then error('wrkBooking.lua: thread ' .. index .. ' ran out of booking numbers') end
  local body = '{"id":"' .. uuid() .. '","slotId":"' .. slot_id(pair.slot) .. '","notes":""}'
  return wrk.format('POST', '/api/bookings', {
    ['Content-Type'] = 'application/json',
    ['Authorization'] = 'Bearer ' .. pair.token,
  }, body)
end

function response(status, headers, body)
  last_us = now_us()
  local wanted = health and 200 or 201
  if status == wanted then
    ok = ok + 1
  else
    other = other + 1
    if first_error == '' then
      -- Kept JSON-safe: it is printed inside a JSON string by done().
      first_error = status .. ' ' .. string.gsub(string.sub(body or '', 1, 200), '[^%w ,.:{}%[%]_-]', '?')
    end
  end
  if ok + other >= quota then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local total = { sent = 0, ok = 0, other = 0, first = nil, last = 0, error = '' }
  for _, t in ipairs(threads) do
    total.sent = total.sent + t:get('sent')
    total.ok = total.ok + t:get('ok')
    total.other = total.other + t:get('other')
    local f, l = t:get('first_us'), t:get('last_us')
    if f > 0 and (total.first == nil or f < total.first) then total.first = f end
    if l > total.last then total.last = l end
    if total.error == '' then total.error = t:get('first_error') end
  end
  local elapsed = total.first and (total.last - total.first) or 0
  io.write(string.format(
    'WRK_RESULT {"sent":%d,"ok":%d,"other":%d,"answered":%d,"elapsedUs":%.0f,"p50Us":%.0f,"p99Us":%.0f,"firstError":"%s"}\n',
    total.sent, total.ok, total.other, summary.requests, elapsed,
    latency:percentile(50), latency:percentile(99), total.error))
end
