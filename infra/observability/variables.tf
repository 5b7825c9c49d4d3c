################################################################################
# Environment and account
################################################################################

variable "env" {
  description = "Environment watched by this apply: dev, stg or prd. Must equal the Terraform workspace (checked)."
  type        = string

  validation {
    condition     = contains(["dev", "stg", "prd"], var.env)
    error_message = "env must be one of dev, stg, prd."
  }
}

variable "newrelic_account_id" {
  description = "New Relic account id that receives the tail Worker's logs and events (TF_VAR_newrelic_account_id; not a secret, but not in the repo either)."
  type        = number

  validation {
    condition     = var.newrelic_account_id > 0 && floor(var.newrelic_account_id) == var.newrelic_account_id
    error_message = "newrelic_account_id must be a positive whole number."
  }
}

variable "newrelic_region" {
  description = "New Relic data center of the account: US or EU."
  type        = string
  default     = "US"

  validation {
    condition     = contains(["US", "EU"], var.newrelic_region)
    error_message = "newrelic_region must be US or EU."
  }
}

################################################################################
# Notification destinations (required: an alert nobody receives is not an alert)
################################################################################

variable "notification_emails" {
  description = "Addresses notified of every incident of this env's policy (on-call list). Required, at least one, in every env."
  type        = list(string)

  validation {
    condition     = length(var.notification_emails) > 0 && alltrue([for e in var.notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "notification_emails must hold at least one valid e-mail address."
  }
}

variable "pagerduty_service_key" {
  description = "PagerDuty Events API v2 integration key that pages on-call (TF_VAR_pagerduty_service_key, never in a file). Required; prd must set a real key, dev and stg may pass an empty string (e-mail only)."
  type        = string
  sensitive   = true

  validation {
    condition     = var.env != "prd" || length(trimspace(var.pagerduty_service_key)) >= 20
    error_message = "prd pages on-call: pagerduty_service_key must be the PagerDuty integration key (TF_VAR_pagerduty_service_key)."
  }
}

################################################################################
# Synthetic monitors
################################################################################

variable "synthetics_locations" {
  description = "New Relic public minion locations the 60-second probes run from."
  type        = list(string)
  default     = ["US_EAST_1", "US_WEST_1", "EU_WEST_1"]

  validation {
    condition     = length(var.synthetics_locations) >= 2
    error_message = "Probe from at least two locations, so one location's trouble is not taken for an outage."
  }
}

################################################################################
# Tunnel metrics (CloudWatch metric stream into New Relic)
################################################################################

variable "tunnel_metric_prefix" {
  description = "Prefix New Relic gives the Adventive/Cloudflared CloudWatch metrics and their dimensions (the part of metricName before .cflared_…). Confirm once with: FROM Metric SELECT uniques(metricName) WHERE aws.Namespace = 'Adventive/Cloudflared' SINCE 1 hour ago."
  type        = string

  validation {
    condition     = can(regex("^aws\\.[A-Za-z0-9_./-]+$", var.tunnel_metric_prefix))
    error_message = "tunnel_metric_prefix must be the metric-name prefix New Relic shows, starting with aws. (see the description)."
  }
}
