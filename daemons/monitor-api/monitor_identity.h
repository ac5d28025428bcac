#pragma once
// Who is calling an RPC (spec/api.md §3.2-§3.6): the monitor name in the verified client
// certificate, then the monitors row of that name and the request's mon_id, then whether that
// monitor may work (status active or testing).

#include <string>
#include <string_view>

#include "api_metrics.h"
#include "http_types.h"
#include "sql/api.h"

namespace soci {
class session;
}

namespace ntpmon::monitor_api {

// The first DNS name of the verified client certificate that is a valid monitor name under
// `domain`. Throws ApiError unauthenticated saying why there is none: no certificate, a
// certificate that failed verification (another CA, expired, ...), or no monitor name in it.
std::string require_monitor_identity(const PeerCertificate& peer, std::string_view domain);

// The request's mon_id in stored form: "" or the canonical text of an IP address. Throws
// ApiError invalid_argument for anything else.
std::string normalize_mon_id(std::string_view mon_id);

using MonitorRow = sql::GetMonitorTLSNameIPRow;

// §3.5: throws ApiError not_found "no such monitor ..." when no current row matches.
MonitorRow find_monitor(soci::session& session, const std::string& tls_name, const std::string& mon_id);

bool is_live(sql::MonitorsStatus status);
// §3.6: throws ApiError permission_denied "monitor <id> is not active (status paused)" unless
// the status is active or testing.
void require_live(const MonitorRow& monitor);

MonitorLabels labels_of(const MonitorRow& monitor);

}  // namespace ntpmon::monitor_api
