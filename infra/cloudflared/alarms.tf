# Plan §1 observability: replica count below expected for 2 minutes (page), restart frequency
# above 3 per hour per instance (page). Every replica runs cflared-metrics.sh each minute
# (infra/cloudflared/metrics), which publishes into local.metrics_namespace with the Env dimension:
#   cflared_replica_count_per_tunnel  1 if connected to the edge, else 0 -> per-minute Sum = connected replicas
#   cflared_systemd_restart_count     its restarts in the last hour      -> Maximum = the worst replica
# (plus copies with an InstanceId dimension, for finding the replica; the alarms do not read them).

resource "aws_cloudwatch_metric_alarm" "replica_count" {
  alarm_name          = "${local.name}-replica-count"
  alarm_description   = "PAGE: tunnel adv-aurora-tunnel-${var.env} has fewer than ${local.size.desired} connected cloudflared replica(s) for 2 minutes."
  namespace           = local.metrics_namespace
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

# The data points already count a rolling hour, so a short period pages soon after the 4th restart.
resource "aws_cloudwatch_metric_alarm" "restart_rate" {
  alarm_name          = "${local.name}-restart-rate"
  alarm_description   = "PAGE: cloudflared restarted more than 3 times in an hour on a ${var.env} replica."
  namespace           = local.metrics_namespace
  metric_name         = "cflared_systemd_restart_count"
  dimensions          = { Env = var.env }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 3
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_sns_topic_arns
  ok_actions          = var.alarm_sns_topic_arns
  tags                = local.tags
}
