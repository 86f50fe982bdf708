/**
 * Heartbeat: resets the idle time of the entries this consumer still owns (XCLAIM ... JUSTID,
 * which does not bump the delivery counter). Ownership is checked first, inside the script,
 * so a replica that stalled past the visibility timeout never steals back an entry another
 * replica has taken over. Returns the ids this consumer no longer owns.
 *
 * KEYS[1] stream; ARGV[1] group; ARGV[2] consumer; ARGV[3..] entry ids
 */
export const HEARTBEAT_LUA = `
local claim = {'XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0}
local lost = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then claim[#claim + 1] = ARGV[i] else lost[#lost + 1] = ARGV[i] end
end
if #claim > 5 then
  claim[#claim + 1] = 'JUSTID'
  redis.call(unpack(claim))
end
return lost
`;

/**
 * On close: forget this consumer in each group if it holds nothing, so groups do not collect
 * the names of every pod that ever ran. A consumer still holding entries stays, so that
 * XAUTOCLAIM can hand them to others (DELCONSUMER would drop them from the pending list).
 *
 * KEYS = streams; ARGV[1] group; ARGV[2] consumer
 */
export const RELEASE_CONSUMER_LUA = `
for _, key in ipairs(KEYS) do
  local p = redis.pcall('XPENDING', key, ARGV[1], '-', '+', 1, ARGV[2])
  if type(p) == 'table' and p.err == nil and #p == 0 then
    redis.call('XGROUP', 'DELCONSUMER', key, ARGV[1], ARGV[2])
  end
end
return 0
`;

/**
 * Removes consumers left by replicas that died holding nothing (a killed pod never runs
 * close()). A live consumer removed here is harmless: XREADGROUP recreates it.
 *
 * KEYS[1] stream; ARGV[1] group; ARGV[2] minimum idle ms
 */
export const REAP_CONSUMERS_LUA = `
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if type(consumers) ~= 'table' or consumers.err then return 0 end
local removed = 0
for _, c in ipairs(consumers) do
  local name, pending, idle
  for i = 1, #c, 2 do
    if c[i] == 'name' then name = c[i + 1]
    elseif c[i] == 'pending' then pending = c[i + 1]
    elseif c[i] == 'idle' then idle = c[i + 1] end
  end
  if name and pending == 0 and idle and idle > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
    removed = removed + 1
  end
end
return removed
`;

/**
 * Replay: moves dead letters to the service's retry stream as plain event entries (id,
 * pattern, data). The copy and the delete are one step, so a letter two replays both picked
 * moves once; one already gone (or not ours) is skipped. Returns the pattern of each letter moved.
 *
 * KEYS[1] dead-letter stream; KEYS[2] retry stream; ARGV = dead-letter entry ids
 */
export const REPLAY_DEAD_LETTERS_LUA = `
local moved = {}
for i = 1, #ARGV do
  local entry = redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i])[1]
  if entry then
    local f = {}
    for j = 1, #entry[2], 2 do f[entry[2][j]] = entry[2][j + 1] end
    if f.id and f.pattern and f.data then
      redis.call('XADD', KEYS[2], '*', 'id', f.id, 'pattern', f.pattern, 'data', f.data)
      redis.call('XDEL', KEYS[1], ARGV[i])
      moved[#moved + 1] = f.pattern
    end
  end
end
return moved
`;
