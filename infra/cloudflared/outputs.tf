output "autoscaling_group_name" {
  description = "Name of the replicas' Auto Scaling Group (adv-cflared-<env>); target of instance refreshes."
  value       = aws_autoscaling_group.cflared.name
}

output "launch_template_id" {
  description = "Id of the launch template; the rolling-update state machine adds versions to it."
  value       = aws_launch_template.cflared.id
}

output "launch_template_name" {
  description = "Name of the launch template (adv-cflared-<env>)."
  value       = aws_launch_template.cflared.name
}

output "security_group_id" {
  description = "Security group of the replicas (no inbound rules)."
  value       = aws_security_group.cflared.id
}

output "instance_role_arn" {
  description = "IAM role of the replicas; it can read only /adventive/cloudflared/<env>."
  value       = aws_iam_role.cflared.arn
}

output "replica_count_alarm_name" {
  description = "CloudWatch alarm on connected replicas; pass it to instance refreshes as the rollback alarm."
  value       = aws_cloudwatch_metric_alarm.replica_count.alarm_name
}

output "sizing" {
  description = "The sizing applied for this env: instance_type, min, desired, max, az_count."
  value       = local.size
}

output "health_check_function_name" {
  description = "Lambda that replaces a replica staying disconnected from the edge (adv-cflared-<env>-health-check)."
  value       = aws_lambda_function.health_check.function_name
}
