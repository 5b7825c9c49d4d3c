# Names, hosts and the alert conditions of one environment. Every NRQL here reads data the code
# emits: the tail Worker's log records (services/log-tail/src/records.ts; the API's JSON log lines
# arrive as log.<field>), its ParityMismatch events, the StagingSmoke events of deploy-stg, New
# Relic's own SyntheticCheck events and the cloudflared CloudWatch metrics. observability.test.ts
# checks every attribute against those sources.

locals {
  name        = "adv-public-api-${var.env}"
  api_worker  = "adv-svc-public-api-${var.env}"
  api_host    = { dev = "api.adventive.dev", stg = "api.adventivestg.com", prd = "api.adventive.com" }[var.env]
  env_upper   = upper(var.env)
  pagerduty   = length(trimspace(var.pagerduty_service_key)) > 0
  cw_prefix   = var.tunnel_metric_prefix
  cw_replicas = "${local.cw_prefix}.cflared_replica_count_per_tunnel"

  # Connected cloudflared replicas each env must keep (infra/cloudflared sizing: desired count).
  tunnel_replicas = { dev = 1, stg = 1, prd = 2 }[var.env]

  # Request lines of the API Worker (src/app.ts logs one `request` event per request); its trace
  # records of requests (not of its Durable Object's RPC calls).
  api_logs      = "FROM Log WHERE logtype = 'cf-worker-log' AND service.name = '${local.api_worker}'"
  api_requests  = "${local.api_logs} AND log.event = 'request'"
  api_traces    = "FROM Log WHERE logtype = 'cf-worker-trace' AND worker.event = 'fetch' AND service.name = '${local.api_worker}'"
  probe_monitor = ["${local.name}-health", "${local.name}-credentialscheck"]

  # The plan's gate metrics. duration = seconds the breach must last (the plan: "page on any
  # sustained breach > 2 min"; the auth cache: "over 5 min"). Thresholds are the plan's numbers;
  # decisions/2026-12-02-observability-as-code.md says why each is read this way.
  conditions = {
    worker_cpu_p95 = {
      title          = "Worker CPU time p95 above 50 ms"
      nrql           = "SELECT percentile(worker.cpu_ms, 95) ${local.api_traces}"
      operator       = "above"
      threshold      = 50
      duration       = 120
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    error_rate_5xx = {
      title          = "5xx and exception rate above 1 %"
      nrql           = "SELECT percentage(count(*), WHERE http.status >= 500 OR worker.outcome != 'ok') ${local.api_traces}"
      operator       = "above"
      threshold      = 1
      duration       = 120
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    auth_cache_hit = {
      title          = "Auth cache hit rate below 70 % over 5 minutes"
      nrql           = "SELECT percentage(count(*), WHERE log.auth_cached IS TRUE) ${local.api_requests} AND log.auth_source IN ('isolate', 'kv', 'db')"
      operator       = "below"
      threshold      = 70
      duration       = 300
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    auth_cache_miss = {
      title          = "Auth cache miss rate above 25 % over 5 minutes"
      nrql           = "SELECT percentage(count(*), WHERE log.auth_source = 'db') ${local.api_requests} AND log.auth_source IN ('isolate', 'kv', 'db')"
      operator       = "above"
      threshold      = 25
      duration       = 300
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    db_connect_p95 = {
      title          = "Hyperdrive connection acquire p95 above 100 ms"
      nrql           = "SELECT percentile(log.connect_ms, 95) ${local.api_requests} AND log.db_connects > 0"
      operator       = "above"
      threshold      = 100
      duration       = 120
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    db_connect_errors = {
      title          = "Database connect errors above 0.5 %"
      nrql           = "SELECT filter(count(*), WHERE log.event = 'db.connect.failed') * 100 / (filter(sum(log.db_connects), WHERE log.event = 'request') + filter(count(*), WHERE log.event = 'db.connect.failed')) ${local.api_logs} AND log.event IN ('request', 'db.connect.failed')"
      operator       = "above"
      threshold      = 0.5
      duration       = 120
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    throttle_rate = {
      title          = "Throttle (429) rate above 5 %"
      nrql           = "SELECT percentage(count(*), WHERE log.status = 429) ${local.api_requests} AND log.served_by = 'worker'"
      operator       = "above"
      threshold      = 5
      duration       = 120
      window         = 60
      sparse         = false
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    parity_mismatch = {
      title          = "Shadow comparison found a parity mismatch"
      nrql           = "SELECT count(*) FROM ParityMismatch WHERE environment = '${var.env}' AND service = '${local.api_worker}'"
      operator       = "above"
      threshold      = 0
      duration       = 60
      window         = 60
      sparse         = true
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    synthetic_failures = {
      title          = "Synthetic probes failing (more than one failed check in 2 minutes)"
      nrql           = "SELECT count(*) FROM SyntheticCheck WHERE result = 'FAILED' AND monitorName IN ('${local.probe_monitor[0]}', '${local.probe_monitor[1]}')"
      operator       = "above"
      threshold      = 1
      duration       = 120
      window         = 120
      sparse         = true
      lost_is_breach = false
      envs           = ["dev", "stg", "prd"]
    }
    staging_smoke = {
      title          = "Staging smoke probes failed more than once in a row"
      nrql           = "SELECT max(consecutive_failures) FROM StagingSmoke WHERE environment = 'stg'"
      operator       = "above"
      threshold      = 1
      duration       = 60
      window         = 60
      sparse         = true
      lost_is_breach = false
      envs           = ["stg"]
    }
    tunnel_replicas = {
      title          = "Fewer connected cloudflared replicas than desired for 2 minutes"
      nrql           = "SELECT sum(`${local.cw_replicas}`) FROM Metric WHERE aws.Namespace = 'Adventive/Cloudflared' AND `${local.cw_prefix}.Env` = '${var.env}' AND `${local.cw_prefix}.InstanceId` IS NULL"
      operator       = "below"
      threshold      = local.tunnel_replicas
      duration       = 120
      window         = 60
      sparse         = false
      lost_is_breach = true
      envs           = ["dev", "stg", "prd"]
    }
  }

  active_conditions = { for k, c in local.conditions : k => c if contains(c.envs, var.env) }
}
