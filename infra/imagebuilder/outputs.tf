output "pipeline_name" {
  description = "Name of the Image Builder pipeline (adv-cflared-pipeline); the promotion stack filters on it."
  value       = "${local.name}-pipeline"
}

output "first_ami_id" {
  description = "AMI built by the first apply; seed /adventive/cloudflared/ami-id-latest with it (README)."
  value       = module.cflared_pipeline.ami
}

output "component_arns" {
  description = "ARNs of the three Adventive components."
  value       = local.component_arns
}
