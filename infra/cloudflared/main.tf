# One cloudflared tunnel's replicas for one environment: launch template + Auto Scaling Group.
# Every replica runs the same tunnel (replica registration), so the Cloudflare edge balances and
# fails over between them; the ASG only keeps the count and rolls new AMIs in.

data "aws_ssm_parameter" "ami" {
  name = var.ami_ssm_parameter_name
}

data "aws_subnet" "selected" {
  for_each = toset(local.subnets)
  id       = each.value
}

resource "aws_launch_template" "cflared" {
  name        = local.name
  description = "cloudflared replica for tunnel adv-aurora-tunnel-${var.env}"
  # The AMI id as of this apply; the rolling-update state machine adds later versions with newer AMIs.
  image_id               = data.aws_ssm_parameter.ami.insecure_value
  instance_type          = local.size.instance_type
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.cflared.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.cflared.arn
  }

  # IMDSv2 only; tags in metadata so the bootstrap script can read adv:env.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled"
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = local.name })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Name = local.name })
  }

  tags = local.tags
}

resource "aws_autoscaling_group" "cflared" {
  name                      = local.name
  min_size                  = local.size.min
  max_size                  = local.size.max
  desired_capacity          = local.size.desired
  vpc_zone_identifier       = local.subnets
  health_check_type         = "EC2"
  health_check_grace_period = 180
  default_instance_warmup   = 120

  launch_template {
    id      = aws_launch_template.cflared.id
    version = "$Latest"
  }

  instance_refresh {
    strategy = "Rolling"
    preferences {
      # 50 % keeps at least one healthy replica; 200 % lets the ASG launch the replacement before it
      # terminates the old replica (1 -> 2 -> 1 in dev/stg, 2 -> 3 -> 2 in prd), as plan §1.5 intends.
      min_healthy_percentage = 50
      max_healthy_percentage = 200
      instance_warmup        = 120
      auto_rollback          = true
    }
  }

  dynamic "tag" {
    for_each = merge(local.tags, { Name = local.name })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.subnets) == local.size.az_count
      error_message = "${var.env} needs ${local.size.az_count} subnet(s) in subnet_ids, got ${length(var.subnet_ids)}."
    }
    precondition {
      condition     = length(distinct([for s in data.aws_subnet.selected : s.availability_zone])) == local.size.az_count
      error_message = "The subnets used for ${var.env} must be in ${local.size.az_count} different Availability Zone(s)."
    }
    precondition {
      condition     = alltrue([for s in data.aws_subnet.selected : s.vpc_id == var.vpc_id])
      error_message = "Every subnet in subnet_ids must belong to vpc_id."
    }
  }
}
