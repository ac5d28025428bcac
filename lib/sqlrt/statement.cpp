#include "sqlrt/statement.h"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include <stdexcept>

namespace ntpmon::sqlrt {

struct Statement::Impl {
  enum class Kind { null, signed_int, unsigned_int, floating, text };
  struct Param {
    Kind kind = Kind::null;
    long long i = 0;
    unsigned long long u = 0;
    double d = 0;
    std::string s;
    soci::indicator ind = soci::i_ok;
  };

  Impl(soci::session& s, std::string_view q) : session(s), st(s), sql(q) {}

  soci::session& session;
  soci::statement st;
  std::string sql;
  std::vector<Param> params;
  std::vector<soci::indicator> inds;
};

Statement::Statement(soci::session& session, std::string_view query_name, std::string_view sql, std::size_t columns)
    : impl_(std::make_unique<Impl>(session, sql)), query_name_(query_name), values_(columns), nulls_(columns, 0) {
  impl_->inds.assign(columns, soci::i_ok);
}

Statement::~Statement() = default;

void Statement::bind_signed(long long value) {
  auto& p = impl_->params.emplace_back();
  p.kind = Impl::Kind::signed_int;
  p.i = value;
}

void Statement::bind_unsigned(unsigned long long value) {
  auto& p = impl_->params.emplace_back();
  p.kind = Impl::Kind::unsigned_int;
  p.u = value;
}

void Statement::bind(double value) {
  auto& p = impl_->params.emplace_back();
  p.kind = Impl::Kind::floating;
  p.d = value;
}

void Statement::bind(std::string_view value) {
  auto& p = impl_->params.emplace_back();
  p.kind = Impl::Kind::text;
  p.s.assign(value);
}

void Statement::bind(std::chrono::sys_seconds value) { bind(std::string_view(format_datetime(value))); }
void Statement::bind(sys_micros value) { bind(std::string_view(format_datetime(value))); }
void Statement::bind(std::chrono::sys_days value) { bind(std::string_view(format_date(value))); }

void Statement::bind_null() {
  auto& p = impl_->params.emplace_back();
  p.kind = Impl::Kind::null;
  p.ind = soci::i_null;
}

bool Statement::execute() {
  auto& st = impl_->st;
  try {
    for (std::size_t i = 0; i < values_.size(); ++i) st.exchange(soci::into(values_[i], impl_->inds[i]));
    // The vector is complete: the addresses soci keeps below stay valid.
    for (std::size_t i = 0; i < impl_->params.size(); ++i) {
      auto& p = impl_->params[i];
      std::string name = "p" + std::to_string(i + 1);
      switch (p.kind) {
        case Impl::Kind::null:  // the value is irrelevant; soci sends NULL for i_null
        case Impl::Kind::signed_int: st.exchange(soci::use(p.i, p.ind, name)); break;
        case Impl::Kind::unsigned_int: st.exchange(soci::use(p.u, p.ind, name)); break;
        case Impl::Kind::floating: st.exchange(soci::use(p.d, p.ind, name)); break;
        case Impl::Kind::text: st.exchange(soci::use(p.s, p.ind, name)); break;
      }
    }
    st.alloc();
    st.prepare(impl_->sql);
    st.define_and_bind();
    bool got = st.execute(true);
    if (got) sync_nulls();
    return got && !values_.empty();
  } catch (soci::soci_error& e) {
    e.add_context("in query " + std::string(query_name_));
    throw;
  }
}

bool Statement::next() {
  bool got = false;
  try {
    got = impl_->st.fetch();
  } catch (soci::soci_error& e) {
    e.add_context("in query " + std::string(query_name_));
    throw;
  }
  if (got) sync_nulls();
  return got;
}

void Statement::sync_nulls() {
  for (std::size_t i = 0; i < nulls_.size(); ++i) nulls_[i] = impl_->inds[i] == soci::i_null ? 1 : 0;
}

std::uint64_t Statement::affected_rows() {
  long long n = impl_->st.get_affected_rows();
  return n < 0 ? 0 : static_cast<std::uint64_t>(n);
}

std::uint64_t Statement::last_insert_id() {
  // libsoci_mysql does not export the backend's typeinfo, so no dynamic_cast: check the name.
  soci::details::session_backend* backend = impl_->session.get_backend();
  if (backend == nullptr || backend->get_backend_name() != "mysql") {
    throw std::logic_error(std::string(query_name_) + ": last_insert_id needs a session on the soci mysql backend");
  }
  return static_cast<std::uint64_t>(mysql_insert_id(static_cast<soci::mysql_session_backend*>(backend)->conn_));
}

void Statement::throw_unexpected_null(std::string_view column) const {
  throw_conversion_error(FieldRef{query_name_, column}, "unexpected NULL");
}

}  // namespace ntpmon::sqlrt
