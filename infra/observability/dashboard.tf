# The plan's "dashboard kit" for the 48-hour fallback window (phase 8): one page per env, one line
# chart per signal, each with the alert threshold in its title so a glance says how close it is.

locals {
  # [title, NRQL] in reading order; three charts a row.
  widgets = [
    ["Worker CPU time p95 (ms, alert > 50)", "SELECT percentile(worker.cpu_ms, 95) ${local.api_traces} TIMESERIES"],
    ["Error rate: 5xx + exceptions (%, alert > 1)", "SELECT percentage(count(*), WHERE http.status >= 500 OR worker.outcome != 'ok') ${local.api_traces} TIMESERIES"],
    ["Auth cache hit rate (%, alert < 70)", "SELECT percentage(count(*), WHERE log.auth_cached IS TRUE) ${local.api_requests} AND log.auth_source IN ('isolate', 'kv', 'db') TIMESERIES"],
    ["Hyperdrive connect p95 / auth p95 (ms, alert > 100)", "SELECT percentile(log.connect_ms, 95) AS 'connect', percentile(log.auth_ms, 95) AS 'auth' ${local.api_requests} AND log.db_connects > 0 TIMESERIES"],
    ["Tunnel: connected cloudflared replicas (alert < ${local.tunnel_replicas})", "SELECT sum(`${local.cw_replicas}`) FROM Metric WHERE aws.Namespace = 'Adventive/Cloudflared' AND `${local.cw_prefix}.Env` = '${var.env}' AND `${local.cw_prefix}.InstanceId` IS NULL TIMESERIES 1 minute"],
    ["Synthetic probes: failed checks", "SELECT filter(count(*), WHERE result = 'FAILED') AS 'failed', filter(count(*), WHERE result = 'SUCCESS') AS 'succeeded' FROM SyntheticCheck WHERE monitorName IN ('${local.probe_monitor[0]}', '${local.probe_monitor[1]}') TIMESERIES"],
    ["Parity mismatches (alert > 0)", "SELECT count(*) FROM ParityMismatch WHERE environment = '${var.env}' AND service = '${local.api_worker}' FACET endpoint, format TIMESERIES"],
    ["Throttle (429) rate (%, alert > 5)", "SELECT percentage(count(*), WHERE log.status = 429) ${local.api_requests} AND log.served_by = 'worker' TIMESERIES"],
    ["Requests by server (worker / legacy) and status", "SELECT count(*) ${local.api_requests} FACET log.served_by, log.status TIMESERIES"],
    ["Database connect errors (%, alert > 0.5)", "SELECT filter(count(*), WHERE log.event = 'db.connect.failed') * 100 / (filter(sum(log.db_connects), WHERE log.event = 'request') + filter(count(*), WHERE log.event = 'db.connect.failed')) ${local.api_logs} AND log.event IN ('request', 'db.connect.failed') TIMESERIES"],
    ["Rate limiter: fallback decisions and DO latency p95 (ms)", "SELECT filter(count(*), WHERE log.event = 'ratelimit.fallback') AS 'fallback decisions', filter(percentile(log.ratelimit_ms, 95), WHERE log.event = 'request' AND log.ratelimit_source = 'do') AS 'DO p95 ms' ${local.api_logs} TIMESERIES"],
    ["Dependency outages: auth helper unavailable, DB connect failed", "SELECT count(*) ${local.api_logs} AND log.event IN ('auth.helper.unavailable', 'db.connect.failed') FACET log.event TIMESERIES"],
  ]
}

resource "newrelic_one_dashboard" "fallback_window" {
  name        = "${local.name}: cutover and 48-hour fallback window"
  permissions = "public_read_only"

  page {
    name = "${var.env}: gate metrics"

    dynamic "widget_line" {
      for_each = local.widgets
      content {
        title  = widget_line.value[0]
        row    = 1 + floor(widget_line.key / 3) * 3
        column = 1 + (widget_line.key % 3) * 4
        width  = 4
        height = 3

        nrql_query {
          account_id = var.newrelic_account_id
          query      = widget_line.value[1]
        }
      }
    }
  }
}
