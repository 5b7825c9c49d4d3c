output "state_machine_arn" {
  description = "ARN of adv-cflared-rolling-update; start it with {\"acceleration\":\"fast\"} for an emergency roll-out."
  value       = aws_sfn_state_machine.rolling_update.arn
}

output "notification_topic_arn" {
  description = "SNS topic for roll-out failures and AMI-age warnings."
  value       = aws_sns_topic.rollout.arn
}

output "ami_parameter_name" {
  description = "SSM parameter with the current cloudflared AMI id."
  value       = aws_ssm_parameter.ami_latest.name
}
