-- monitor-selector (spec/selector.md): which monitors watch which server.
--
-- How the rules are split between SQL and C++ (DESIGN.md principle 1):
--   * Every piece of data a decision uses comes from the named queries below: the server
--     (SelectorGetServer, §2.1) and the per-server monitor view (GetMonitorPriority, §2.2),
--     one query per server pass. Every write is one of the named statements below (§1.2,
--     §7-§9, and the audit record of D4).
--   * The decisions are sequential: ordered lists walked best-first or worst-first, working
--     counters and change budgets that each rule consumes for the next, and upstream quirks
--     that depend on that order (duplicate changes in one pass, Ambiguities #1). They are
--     small pure C++ functions in lib/selection/, fed only by the rows of GetMonitorPriority
--     and unit-tested against every acceptance case of the spec (tests/unit/selector). The
--     IP checks need Go's net/netip parsing (INET6_ATON accepts and rejects other texts),
--     the account limits Go's decoding of accounts.flags and the original's exchange sort
--     (whose tie-breaking no ORDER BY reproduces). Each one is stated below in words with its
--     spec section and the function that computes it; plan.cpp plan_pass() runs them in
--     order and returns the plan that `monitor-selector once` applies with the statements
--     of this file and `simulate` prints.
--
-- ==== The rules, in words (constants of §3: target active T = 7, base testing B = 5) ====
--
-- §2.3 Health. A monitor is healthy when AVG(step) over its log_scores for the server in
--   the last 24 h is >= 0 and its monitor_priority is >= 0 (D1: a NULL priority, all rtt
--   NULL, is unhealthy). A monitor without a server_scores row is a candidate.
--   [evaluation.cpp record_from_row]
--
-- §4.1 Account table. Per account among the rows: X = accounts.flags
--   monitors_per_server_limit when it is an integer > 0, else 2 (NULL, undecodable JSON,
--   wrong member types: 2); the number of its rows that are server-active and
--   server-testing. [evaluation.cpp build_account_limits, account_flags.cpp]
--
-- §4.2 Account limit ('limit'). Per account and server status: more than X active, or more
--   than X + 1 testing monitors -> the worst of them (by priority, the original's exchange
--   sort) beyond the cap are over the limit. Candidates and paused rows are exempt.
--   [checks.cpp account_limit_violations]
--
-- §4.3a Same subnet ('network_same_subnet'). The monitor's IP is in the server's /24
--   (IPv6 /48), or either IP does not parse. Empty IPs and mixed families: no violation.
--   [checks.cpp same_subnet_violation]
-- §4.3b Same account ('account'). The monitor belongs to the server's account.
-- §4.3c Network diversity ('network_diversity'). An active or testing monitor whose /20
--   (IPv6 /44) holds another active or testing monitor of the server: both are flagged.
--   [checks.cpp network_diversity_violation]
--   Precedence: limit > network_same_subnet > account > network_diversity.
--
-- §4.4 State. Global pending -> Out; global paused/deleted -> Block; a violation -> Out;
--   unhealthy -> Out; server-testing and globally testing -> Pending; else In.
--   [checks.cpp recommended_state]
--
-- §5 Pass parameters. Change budget 2 per kind (removals of actives, removals of testing,
--   promotions); 3 when more than one monitor is Blocked; 4 when no monitor is server-active,
--   which also turns on the emergency override (promotions skip the constraint checks).
--   Emergency gate: fewer than 7 rows, no healthy In active or testing monitor and no Out
--   monitor -> the rules change nothing (tracking still runs). [rules.cpp pass_parameters]
--
-- The rules run in this order: 1, 2, 1.5, 3, 5, 2.5, 7, 6. Each appends (monitor, from, to,
-- reason) to one change list; none looks at earlier changes (Ambiguities #1).
--
-- §6.1 Rule 1, immediate blocking: every Blocked active or testing monitor (globally paused
--   or deleted) goes to candidate at once, without limit. [rules.cpp rule1]
--
-- §6.2 Rule 2, gradual removal: Out actives go to testing and Out testing monitors to
--   candidate, worst first, within the removal budgets, keeping at least 5 active and 3
--   testing monitors unless the removed ones have a violation (violations always go, within
--   the budget). [rules.cpp rule2, remove_gradually]
--
-- §6.3 Rule 1.5, excess actives: with more than 7 working actives and budget left after
--   Rules 1 and 2 (budget reserved for every Out active), the monitors in the last
--   (actives - 7) positions of the active list that are not Out go to testing. Not under the
--   emergency override. [rules.cpp rule1_5]
--
-- §6.4 Rule 3, testing -> active: fill the gap to 7 actives with the best testing monitors
--   that have >= 32 log_scores, are globally active and healthy and pass the promotion check
--   (§6.9); then, with the promotion budget left, swap a testing monitor for an active one
--   it outperforms (§6.10: at least 5 % and 5 priority points better). [rules.cpp rule3]
--
-- §6.5 Rule 5, candidate -> testing: promote up to min(budget, 2, room below 5 + active gap)
--   globally active/testing candidates with >= 9 log_scores that pass §6.9 (no health
--   requirement); then swap candidates for testing monitors they outperform.
--   [rules.cpp rule5]
--
-- §6.6 Rule 2.5, testing pool trim: while the working testing count is above 5 + active gap,
--   the worst original testing monitors that are not Out and have no violation go to
--   candidate, within the testing-removal budget left. [rules.cpp rule2_5]
--
-- §6.7 Rule 7, unpause: a paused monitor due for a check (never checked; pause reason
--   'constraint' or NULL and checked more than 8 h ago; 'excess' and more than 120 h ago)
--   whose stored violation is resolved goes to candidate; at most 2 per pass.
--   [rules.cpp rule7, checks.cpp due_for_check, violation_resolved]
--
-- §6.8 Rule 6, bootstrap: when the server had no testing monitor at load time, up to 5
--   globally active/testing candidates, healthy ones first, that pass §6.9 go to testing
--   (no count requirement, no budget). [rules.cpp rule6]
--
-- §6.9 Promotion check: to active needs global active and healthy, to testing global active
--   or testing; then (unless the emergency override is on) no same-subnet violation, not the
--   server's account, the account below its caps (active: fewer than X; testing: fewer than
--   X + 1; active + testing other than itself at most X + 1), and no active/testing monitor
--   of the server in its /20 (/44). [promotion.cpp can_promote]
--
-- §7 Applying: every change in list order (SelectorUpdateServerScoreStatus); the last one
--   of a monitor decides its status. The pass "changed" when at least one was executed.
-- §8 Tracking: a new violation is recorded with its start time (an unchanged one keeps its
--   start); same-subnet and same-account violations pause the monitor at once; a violation
--   that is gone is cleared. §9: paused rows due for a check are marked checked.
--   [tracking.cpp tracking_writes]
-- D4: each applied change and tracking write is recorded in selector_log with its rule and
--   reason (InsertSelectorLog).

-- ---- scheduling (§1.2) ----

-- The batch: up to 10 servers whose review is due (next_review in the past or never set),
-- longest overdue first (MySQL sorts NULL first); server_id breaks ties. Servers without a
-- servers_monitor_review row are never reviewed (the selector never inserts review rows).
-- Consumed by daemons/monitor-selector/batch.cpp run_batch().
-- name: GetServersMonitorReview :many
SELECT server_id
FROM servers_monitor_review
WHERE next_review <= NOW() OR next_review IS NULL
ORDER BY next_review, server_id
LIMIT 10;

-- D3 (one transaction per server): takes the review row of one batch server for this
-- transaction and re-checks that it is still due. No row: another selector reviewed the
-- server since the batch was read, and this one skips it.
-- Consumed by daemons/monitor-selector/pass_runner.cpp.
-- name: ClaimServerForReview :one
SELECT server_id
FROM servers_monitor_review
WHERE server_id = :server_id AND (next_review <= NOW() OR next_review IS NULL)
FOR UPDATE;

-- §1.2 step 2, a pass that applied at least one status change: reviewed and changed now,
-- next review in 60 minutes from the pass time (:next_review = now + 60 min).
-- (Upstream quirk, Ambiguities #2: changed servers wait longer than unchanged ones.)
-- name: UpdateServersMonitorReviewChanged :exec
UPDATE servers_monitor_review
SET last_review = NOW(), last_change = NOW(), next_review = :next_review
WHERE server_id = :server_id;

-- §1.2 step 2, a pass without status changes (or a failed pass): reviewed now, next review
-- in 20 minutes from the pass time (:next_review = now + 20 min).
-- name: UpdateServersMonitorReview :exec
UPDATE servers_monitor_review
SET last_review = NOW(), next_review = :next_review
WHERE server_id = :server_id;

-- ---- inputs of one pass (§2) ----

-- §2.1 the server: its IP (same-subnet check) and account (same-account check). No row:
-- the pass fails without changes. ip_version is read but decides nothing.
-- Consumed by daemons/monitor-selector/pass_runner.cpp load_pass_inputs().
-- name: SelectorGetServer :one
SELECT id, ip, ip_version, account_id
FROM servers
WHERE id = :server_id;

-- §2.2 the per-server monitor view: one row per monitor of type 'monitor' that has
-- log_scores for this server in the last 24 hours, with
--   avg_rtt          = AVG(rtt) / 1000 (rtt is in microseconds), informational;
--   monitor_priority = ROUND(avg_rtt * (1 + 2 * (1 - AVG(step)))), lower is better (ROUND of
--                      a double rounds half to even, as in the original's database; the CAST
--                      only gives the integral value an integer type);
--   avg_step         = AVG(step);
--   healthy          = 0 when AVG(step) < 0, else 1;
--   count            = the number of log_scores rows in the window (>= 1);
-- and the monitor's global status, account and IP, the account's flags, and its
-- server_scores row for this server (status NULL when there is none: a candidate whose
-- updates match nothing). avg_step and healthy are never NULL (every row has a step), but
-- the server's metadata calls them nullable, so their types do too.
-- A monitor with a server_scores row but no log_scores in the window is not in the view and
-- so invisible to the pass (§2.2).
-- Row order = rank, best first: healthy, then lower priority, higher avg_step, lower
-- avg_rtt. D1: a NULL priority (every rtt NULL) sorts after every row with a priority (the
-- first key; for all other rows it is equal, so their order is the original's). D2: exact
-- ties are broken by monitor id.
-- The log_scores rows are aggregated first, through the (server_id, ts) index, and joined
-- after: the same rows and values as grouping the joined rows, without a temporary table
-- holding the JSON flags.
-- Consumed by lib/selection/evaluation.cpp evaluate() (through plan_pass()).
-- name: GetMonitorPriority :many
SELECT m.id, m.id_token, m.tls_name, m.account_id,
       m.ip AS monitor_ip,
       w.rtt_avg / 1000 AS avg_rtt /*: double null */,
       CAST(ROUND((w.rtt_avg / 1000) * (1 + 2 * (1 - w.step_avg))) AS SIGNED) AS monitor_priority /*: bigint null */,
       w.step_avg AS avg_step /*: double null */,
       CASE WHEN w.step_avg < 0 THEN 0 ELSE 1 END AS healthy /*: int null */,
       m.status AS monitor_status /*: monitors.status */,
       ss.status /*: server_scores.status null */,
       w.n AS count /*: bigint */,
       a.flags AS account_flags /*: accounts.flags */,
       ss.constraint_violation_type /*: server_scores.constraint_violation_type */,
       ss.constraint_violation_since /*: server_scores.constraint_violation_since */,
       ss.last_constraint_check /*: server_scores.last_constraint_check */,
       ss.pause_reason /*: server_scores.pause_reason */
FROM (
  SELECT ls.monitor_id,
         AVG(ls.rtt) AS rtt_avg /*: double null */,
         AVG(ls.step) AS step_avg /*: double */,
         COUNT(*) AS n /*: bigint */
  FROM log_scores ls
  WHERE ls.server_id = :server_id AND ls.ts > NOW() - INTERVAL 24 HOUR
  GROUP BY ls.monitor_id
) w
INNER JOIN monitors m ON m.id = w.monitor_id
LEFT JOIN server_scores ss ON ss.server_id = :server_id AND ss.monitor_id = w.monitor_id
LEFT JOIN accounts a ON a.id = m.account_id
WHERE m.type = 'monitor'
ORDER BY monitor_priority IS NULL, healthy DESC, monitor_priority ASC, avg_step DESC, avg_rtt ASC, m.id ASC;

-- ---- applying the change list (§7) ----

-- §7: one change of the rules' list, in list order; the `from` status is not checked, so
-- the last change of a monitor decides its status. Also step 2 of a §8 pause
-- (status = 'paused'). A monitor without a server_scores row matches no row.
-- Consumed by daemons/monitor-selector/plan_applier.cpp.
-- name: SelectorUpdateServerScoreStatus :execrows
UPDATE server_scores
SET status = :status
WHERE monitor_id = :monitor_id AND server_id = :server_id;

-- ---- violation tracking and pausing (§8, §9) ----

-- §8: records the current violation and since when it has been seen (the stored since is
-- kept by not writing when the type is unchanged; see lib/selection/tracking.cpp).
-- name: UpdateServerScoreConstraintViolation :exec
UPDATE server_scores
SET constraint_violation_type = :constraint_violation_type,
    constraint_violation_since = :constraint_violation_since
WHERE monitor_id = :monitor_id AND server_id = :server_id;

-- §8: the violation is gone: type, since and pause reason cleared, last check now (also on
-- paused rows, which stay paused until Rule 7 unpauses them: Ambiguities #11).
-- name: ClearServerScoreConstraintViolation :exec
UPDATE server_scores
SET constraint_violation_type = NULL, constraint_violation_since = NULL,
    last_constraint_check = NOW(), pause_reason = NULL
WHERE monitor_id = :monitor_id AND server_id = :server_id;

-- §8 step 3 of a pause for a same-subnet or same-account violation: why it is paused and
-- when it was last checked.
-- name: UpdateServerScorePauseReason :exec
UPDATE server_scores
SET pause_reason = :pause_reason, last_constraint_check = NOW()
WHERE monitor_id = :monitor_id AND server_id = :server_id;

-- §9: a paused row due for a constraint check (8 h for reason 'constraint' or NULL, 120 h for
-- 'excess', or never checked) is marked checked now, unpaused by Rule 7 or not
-- (Ambiguities #11).
-- name: UpdateServerScoreLastConstraintCheck :exec
UPDATE server_scores
SET last_constraint_check = NOW()
WHERE monitor_id = :monitor_id AND server_id = :server_id;

-- ---- audit (D4) ----

-- The audit rows of one pass, in one statement: every applied status change (kind
-- 'status_change': rule, from, to, reason) and tracking write (kind 'tracking': the write,
-- the violation type), in the order they were applied, in the transaction of the writes
-- they record (sql/procedures/selector_audit.sql).
-- rows_json: [{"m": monitor_id, "k": kind, "r": rule, "a": action, "f": from, "t": to,
--              "v": violation type, "why": reason}, ...]
-- Consumed by daemons/monitor-selector/plan_applier.cpp.
-- name: InsertSelectorLog :exec
CALL selector_log_insert(:server_id /*: int unsigned */, :rows_json /*: text */);

-- The audit rows of one server, newest last (for operators and tests).
-- name: ListSelectorLog :many
SELECT id, server_id, monitor_id, kind, rule, action, from_status, to_status, violation_type, reason, created_on
FROM selector_log
WHERE server_id = :server_id
ORDER BY id;
