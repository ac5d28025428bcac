-- wrk script of bench-web: GET /scores/<ip>/log?limit=100 for a random one of the 5,000
-- servers of the data set (10.0.x.y for server ids 1..5000).
math.randomseed(os.time())

request = function()
  local id = math.random(1, 5000)
  local path = string.format("/scores/10.%d.%d.%d/log?limit=100", math.floor(id / 65536),
                             math.floor(id / 256) % 256, id % 256)
  return wrk.format("GET", path)
end
