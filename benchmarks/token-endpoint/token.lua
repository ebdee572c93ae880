-- wrk script: client_credentials token requests with HTTP Basic client authentication.
-- CLIENT_ID / CLIENT_SECRET come from the environment (see run.sh).
local id = os.getenv("CLIENT_ID") or "demo-client"
local secret = os.getenv("CLIENT_SECRET") or ""

local function b64(data)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((data:gsub(".", function(x)
    local r, byte = "", x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return chars:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. b64(id .. ":" .. secret)

-- Only 200s count as tokens: wrk's own Requests/sec counts every answer (a 401 or 429 is fast, and would flatter
-- the figure). Any failed request is reported on a FAILED line, which run.sh turns into a non-zero exit.
function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.status + e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("tokens issued: %d in %.1f s = %.1f tokens/s\n", summary.requests - failed, seconds,
    (summary.requests - failed) / seconds))
  for _, p in pairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%s latency: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  if failed > 0 then
    io.write(string.format("FAILED requests: %d (non-200 %d, connect %d, read %d, write %d, timeout %d)\n", failed,
      e.status, e.connect, e.read, e.write, e.timeout))
  end
end
