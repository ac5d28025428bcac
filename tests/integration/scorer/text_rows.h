#pragma once
// Reading query results in tests as text (soci's dynamic rows are typed by the column; text
// avoids guessing): every selected expression is wrapped in CAST(... AS CHAR) by the caller.

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace ntpmon::test {

using TextRow = std::vector<std::optional<std::string>>;

std::vector<TextRow> text_rows(soci::session& session, const std::string& sql);
// The first column of the first row; nullopt for no row or NULL.
std::optional<std::string> text_value(soci::session& session, const std::string& sql);
long long int_value(soci::session& session, const std::string& sql);  // throws when NULL

}  // namespace ntpmon::test
