output "autoscaling_group_name" {
  description = "Auto Scaling Group of this env's replicas."
  value       = module.cloudflared.autoscaling_group_name
}

output "launch_template_name" {
  description = "Launch template of this env's replicas."
  value       = module.cloudflared.launch_template_name
}

output "replica_count_alarm_name" {
  description = "Replica-count alarm of this env."
  value       = module.cloudflared.replica_count_alarm_name
}
