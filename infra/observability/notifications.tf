# Where incidents go. Destinations are required variables (variables.tf): every env e-mails the
# on-call list; prd also pages through PagerDuty, and its plan fails without the key.

resource "newrelic_notification_destination" "email" {
  name = "${local.name}-email"
  type = "EMAIL"

  property {
    key   = "email"
    value = join(",", var.notification_emails)
  }
}

resource "newrelic_notification_channel" "email" {
  name           = "${local.name}-email"
  type           = "EMAIL"
  destination_id = newrelic_notification_destination.email.id
  product        = "IINT"

  property {
    key   = "subject"
    value = "[${var.env}] {{ issueTitle }}"
  }
}

resource "newrelic_notification_destination" "pagerduty" {
  count = local.pagerduty ? 1 : 0

  name = "${local.name}-pagerduty"
  type = "PAGERDUTY_SERVICE_INTEGRATION"

  property {
    key   = ""
    value = ""
  }

  auth_token {
    prefix = "Token token="
    token  = var.pagerduty_service_key
  }
}

resource "newrelic_notification_channel" "pagerduty" {
  count = local.pagerduty ? 1 : 0

  name           = "${local.name}-pagerduty"
  type           = "PAGERDUTY_SERVICE_INTEGRATION"
  destination_id = newrelic_notification_destination.pagerduty[0].id
  product        = "IINT"

  property {
    key   = "summary"
    value = "[${var.env}] {{ issueTitle }}"
  }
}

resource "newrelic_workflow" "api" {
  name                  = local.name
  muting_rules_handling = "NOTIFY_ALL_ISSUES"

  issues_filter {
    name = "${local.name}-policy"
    type = "FILTER"

    predicate {
      attribute = "labels.policyIds"
      operator  = "EXACTLY_MATCHES"
      values    = [newrelic_alert_policy.api.id]
    }
  }

  destination {
    channel_id = newrelic_notification_channel.email.id
  }

  dynamic "destination" {
    for_each = newrelic_notification_channel.pagerduty
    content {
      channel_id = destination.value.id
    }
  }
}
