locals {
  # Plan §1.0 sizing: dev and stg are not customer-facing (one t3.micro in one AZ); prd carries customer
  # traffic and keeps two replicas in two AZs, with headroom to 4 for rolling updates and scaling.
  sizing = {
    dev = { instance_type = "t3.micro", min = 1, desired = 1, max = 2, az_count = 1 }
    stg = { instance_type = "t3.micro", min = 1, desired = 1, max = 2, az_count = 1 }
    prd = { instance_type = "t3.small", min = 2, desired = 2, max = 4, az_count = 2 }
  }
  size = local.sizing[var.env]

  name        = "adv-cflared-${var.env}"
  subnets     = slice(var.subnet_ids, 0, min(local.size.az_count, length(var.subnet_ids)))
  secret_name = "/adventive/cloudflared/${var.env}"

  # Fixed, not a variable: cflared-metrics.sh is baked into the one AMI all envs share and publishes
  # here; the alarms and the IAM condition must name the same namespace.
  metrics_namespace = "Adventive/Cloudflared"

  tags = merge(var.tags, {
    "adv:env" = var.env
    OwnedBy   = "platform"
    Service   = "cloudflared"
  })
}
