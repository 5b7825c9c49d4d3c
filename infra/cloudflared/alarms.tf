# Plan §1 observability: replica count below expected for 2 minutes (page), restart frequency
# above 3 per hour (page). Each replica publishes its own data points into var.metrics_namespace
# with the Env dimension, so a per-minute Sum is the number of connected replicas.

resource "aws_cloudwatch_metric_alarm" "replica_count" {
  alarm_name          = "${local.name}-replica-count"
  alarm_description   = "PAGE: tunnel adv-aurora-tunnel-${var.env} has fewer than ${local.size.desired} connected cloudflared replica(s) for 2 minutes."
  namespace           = var.metrics_namespace
  metric_name         = "cflared_replica_count_per_tunnel"
  dimensions          = { Env = var.env }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  threshold           = local.size.desired
  comparison_operator = "LessThanThreshold"
  # No data means no replica reported: that is the outage this alarm exists for.
  treat_missing_data = "breaching"
  alarm_actions      = var.alarm_sns_topic_arns
  ok_actions         = var.alarm_sns_topic_arns
  tags               = local.tags
}

resource "aws_cloudwatch_metric_alarm" "restart_rate" {
  alarm_name          = "${local.name}-restart-rate"
  alarm_description   = "PAGE: cloudflared restarted more than 3 times in an hour on a ${var.env} replica."
  namespace           = var.metrics_namespace
  metric_name         = "cflared_systemd_restart_count"
  dimensions          = { Env = var.env }
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = 3
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_sns_topic_arns
  ok_actions          = var.alarm_sns_topic_arns
  tags                = local.tags
}
