output "policy_id" {
  description = "Id of the env's alert policy (adv-public-api-<env>)."
  value       = newrelic_alert_policy.api.id
}

output "condition_names" {
  description = "Name of every NRQL alert condition of the env, by gate metric."
  value       = { for k, c in newrelic_nrql_alert_condition.gate : k => c.name }
}

output "synthetic_monitor_ids" {
  description = "Ids of the 60-second probes (/__health, /credentialscheck)."
  value       = {
    health           = newrelic_synthetics_monitor.health.id
    credentialscheck = newrelic_synthetics_script_monitor.credentialscheck.id
  }
}

output "dashboard_url" {
  description = "Permalink of the 48-hour fallback window dashboard."
  value       = newrelic_one_dashboard.fallback_window.permalink
}
