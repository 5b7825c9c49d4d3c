# One policy per env; one NRQL condition per plan gate metric (local.conditions). Incidents are
# rolled up per condition, so a breach that lasts pages once, not once per minute.

resource "newrelic_alert_policy" "api" {
  name                = local.name
  incident_preference = "PER_CONDITION"

  lifecycle {
    precondition {
      condition     = var.env == terraform.workspace
      error_message = "env (from the tfvars) and the Terraform workspace must name the same environment."
    }
  }
}

resource "newrelic_nrql_alert_condition" "gate" {
  for_each = local.active_conditions

  policy_id   = newrelic_alert_policy.api.id
  type        = "static"
  name        = "${local.name}: ${each.value.title}"
  description = "Plan gate metric ${each.key} (${var.env}). What it watches and why this threshold: decisions/2026-12-02-observability-as-code.md; what to do: docs/runbooks/alerts.md#${replace(each.key, "_", "-")}."
  enabled     = true
  runbook_url = "https://github.com/Adventive/adventive-public-api-worker/blob/main/docs/runbooks/alerts.md#${replace(each.key, "_", "-")}"

  violation_time_limit_seconds = 86400

  nrql {
    query = each.value.nrql
  }

  critical {
    operator              = each.value.operator
    threshold             = each.value.threshold
    threshold_duration    = each.value.duration
    threshold_occurrences = "ALL"
  }

  aggregation_window = each.value.window
  # Steady request streams are evaluated as data arrives (with 2 minutes for late logs); sparse
  # events (a deploy's smoke result, a mismatch, a probe) on a timer, or they would never close.
  aggregation_method = each.value.sparse ? "event_timer" : "event_flow"
  aggregation_delay  = each.value.sparse ? null : 120
  aggregation_timer  = each.value.sparse ? each.value.window : null

  # A tunnel that reports nothing is down (as the CloudWatch alarm's missing = breaching); for the
  # other signals silence means no traffic or no failures.
  expiration_duration            = each.value.lost_is_breach ? 180 : null
  open_violation_on_expiration   = each.value.lost_is_breach
  close_violations_on_expiration = !each.value.lost_is_breach
}
