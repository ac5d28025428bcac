#pragma once
// The expected bodies of the test vectors of spec scores-api.md §7, copied verbatim from the
// spec (each body ends with the newline after its last line). Shared by the unit tests
// (renderers) and the integration tests (HTTP responses). V2.4 (errors) has no body block;
// its bodies are in the integration test's table.

#include <string_view>

namespace ntpmon::web::test {

// V1.1: `GET /scores/192.0.2.10/log?monitor=*&limit=3` → 200,
inline constexpr std::string_view kV1_1 = R"vector(ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error
1748778900,2025-06-01 11:55:00,-0.0000007,1,19.96,21,defra1-1gw2pjj,20,1,
1748778330,2025-06-01 11:45:30,,1,19.13,1,recentmedian,,,
1748778330,2025-06-01 11:45:30,,-5,14.25,23,uspao1-21wase0,,,i/o timeout
)vector";

// V1.2: `GET /scores/192.0.2.10/json?monitor=*` (limit 100; row 1006 is older than 4 days)
inline constexpr std::string_view kV1_2 = R"vector({"history":[{"ts":1748778900,"offset":-7e-7,"step":1,"score":19.96,"monitor_id":21,"rtt":20},{"ts":1748778330,"step":1,"score":19.13,"monitor_id":1},{"ts":1748778330,"step":-5,"score":14.25,"monitor_id":23},{"ts":1748778000,"step":1,"score":19.4,"monitor_id":1},{"ts":1748778000,"offset":0.000412,"step":1,"score":19.4,"monitor_id":21,"rtt":21.345}],"monitors":[{"id":1,"name":"recentmedian","type":"score","ts":"2025-06-01T11:45:30Z","score":19.1,"status":"active"},{"id":21,"name":"defra1-1gw2pjj","type":"monitor","ts":"2025-06-01T11:55:00Z","score":20,"status":"active","avg_rtt":20.6725},{"id":23,"name":"uspao1-21wase0","type":"monitor","ts":"2025-06-01T11:45:30Z","score":14.3,"status":"testing"}],"server":{"ip":"192.0.2.10"}}
)vector";

// V1.3: `GET /scores/192.0.2.10/json?limit=1` (default monitor = scorer 1) → 200,
inline constexpr std::string_view kV1_3 = R"vector({"history":[{"ts":1748778330,"step":1,"score":19.13,"monitor_id":1}],"monitors":[{"id":1,"name":"recentmedian","type":"score","ts":"2025-06-01T11:45:30Z","score":19.1,"status":"active"}],"server":{"ip":"192.0.2.10"}}
)vector";

// V1.4: `GET /scores/192.0.2.10/log?limit=1` (C1's request) → 200,
inline constexpr std::string_view kV1_4 = R"vector(ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error
1748778330,2025-06-01 11:45:30,,1,19.13,1,recentmedian,,,
)vector";

// V1.5: `GET /scores/192.0.2.10/monitors` → 200, `Cache-Control: s-maxage=480,max-age=240`:
inline constexpr std::string_view kV1_5 = R"vector({"monitors":[{"id":1,"name":"recentmedian","type":"score","ts":"2025-06-01T11:45:30","score":19.1,"status":"active"},{"id":2,"name":"every","type":"score","ts":"2025-06-01T11:45:30","score":18,"status":"active"},{"id":21,"name":"defra1-1gw2pjj","type":"monitor","ts":"2025-06-01T11:55:00","score":20,"status":"active"},{"id":23,"name":"uspao1-21wase0","type":"monitor","ts":"2025-06-01T11:45:30","score":14.2,"status":"testing"},{"id":24,"name":"sgsin (24)","type":"monitor","ts":"2025-05-27T10:00:00","score":17,"status":"candidate"}]}
)vector";

// V1.6: `GET /api/data/v2/server/scores/192.0.2.10/json?from=1748777000&to=1748779000&monitor=21`
inline constexpr std::string_view kV1_6 = R"vector([{"target":"monitor{name=defra1-1gw2pjj}","tags":{"monitor_id":"21","monitor_name":"defra1-1gw2pjj","status":"active","type":"monitor"},"columns":[{"text":"time","type":"time"},{"text":"score","type":"number"},{"text":"rtt","type":"number","unit":"ms"},{"text":"offset","type":"number","unit":"s"}],"values":[[1748778000000,19.4,21.345,0.000412],[1748778900000,19.96,20,-7e-7]]}]
)vector";

// V2.1: `GET /scores/2001:db8::123/log?monitor=defra1-1gw2pjj&limit=10` → the name resolves to
inline constexpr std::string_view kV2_1 = R"vector(ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error
1748772900,2025-06-01 10:15:00,3.25,-4,10.9,22,defra1-1gw2pjj,45.678,3,"kiss of death ""RATE"", backing off"
1748772000,2025-06-01 10:00:00,-0,1,20,22,defra1-1gw2pjj,0.187,,
)vector";

// V2.2: `GET /scores/2001:db8::123/json?monitor=*` → 200,
inline constexpr std::string_view kV2_2 = R"vector({"history":[{"ts":1748772900,"step":1,"score":19.9,"monitor_id":1},{"ts":1748772900,"offset":3.25,"step":-4,"score":10.9,"monitor_id":22,"rtt":45.678},{"ts":1748772000,"offset":-4e-10,"step":1,"score":20,"monitor_id":22,"rtt":0.187}],"monitors":[{"id":1,"name":"recentmedian","type":"score","ts":"2025-06-01T10:15:00Z","score":19.9,"status":"active"},{"id":22,"name":"defra1-1gw2pjj","type":"monitor","ts":"2025-06-01T10:15:00Z","score":10.9,"status":"active","avg_rtt":22.932499999999997}],"server":{"ip":"2001:db8::123"}}
)vector";

// V2.3: `GET /api/data/server/scores/2001:DB8:0:0::123/json?monitor=22` (numeric id, non-canonical
inline constexpr std::string_view kV2_3 = R"vector({"history":[{"ts":1748772900,"offset":3.25,"step":-4,"score":10.9,"monitor_id":22,"rtt":45.678},{"ts":1748772000,"offset":-4e-10,"step":1,"score":20,"monitor_id":22,"rtt":0.187}],"monitors":[{"id":22,"name":"defra1-1gw2pjj","type":"monitor","ts":"2025-06-01T10:15:00Z","score":10.9,"status":"active","avg_rtt":22.932499999999997}],"server":{"ip":"2001:db8::123"}}
)vector";

// V3.1: `GET /scores/198.51.100.7/log` (default monitor; nothing within 4 days) → 200,
inline constexpr std::string_view kV3_1 = R"vector(ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error
)vector";

// V3.2: `GET /scores/198.51.100.7/json` → 200, `Cache-Control: s-maxage=260,max-age=360`:
inline constexpr std::string_view kV3_2 = R"vector({"history":[],"monitors":null,"server":{"ip":"198.51.100.7"}}
)vector";

// V3.3: `GET /scores/198.51.100.7/log?monitor=*&since=1747699200` (since 2025-05-20 00:00:00;
inline constexpr std::string_view kV3_3 = R"vector(ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error
1747728000,2025-05-20 08:00:00,,-5,5,0,,,,
1747728000,2025-05-20 08:00:00,,-5,4.5,21,defra1-1gw2pjj,,,net<0x01>work unreachable
1747729800,2025-05-20 08:30:00,0.0125,1,5.2,21,defra1-1gw2pjj,30,,
)vector";

// V3.4: `GET /scores/198.51.100.7/json?monitor=*&since=1747699200` → 200,
inline constexpr std::string_view kV3_4 = R"vector({"history":[{"ts":1747728000,"step":-5,"score":5,"monitor_id":0},{"ts":1747728000,"step":-5,"score":4.5,"monitor_id":21},{"ts":1747729800,"offset":0.0125,"step":1,"score":5.2,"monitor_id":21,"rtt":30}],"monitors":[{"id":21,"name":"defra1-1gw2pjj","type":"monitor","ts":"2025-05-20T08:30:00Z","score":5.2,"status":"testing","avg_rtt":30}],"server":{"ip":"198.51.100.7"}}
)vector";

}  // namespace ntpmon::web::test
