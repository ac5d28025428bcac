#include "server_model.h"

namespace ntpmon::web {

bool deleted_beyond(const ServerInfo& server, DeletionHorizon horizon, std::chrono::sys_seconds now) {
  using namespace std::chrono;
  if (!server.deletion_on) return false;
  sys_seconds deletion{seconds{*server.deletion_on}};
  sys_days today = floor<days>(now);
  year_month_day ymd{today};
  sys_seconds cutoff;
  switch (horizon) {
    case DeletionHorizon::api: cutoff = now - days{30}; break;
    case DeletionHorizon::graph: cutoff = now - days{7}; break;
    case DeletionHorizon::page_history: {
      year_month_day back = ymd - months{6};
      if (!back.ok()) back = back.year() / back.month() / last;
      cutoff = sys_days{back} + (now - today);
      break;
    }
    case DeletionHorizon::page: {
      year_month_day back = ymd - years{3};
      if (!back.ok()) back = back.year() / back.month() / last;
      cutoff = sys_days{back} + (now - today);
      break;
    }
  }
  return deletion < cutoff;
}

}  // namespace ntpmon::web
