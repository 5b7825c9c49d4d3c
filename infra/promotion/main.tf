# AMI auto-promotion (plan §1.6): Image Builder success -> EventBridge -> Lambda (writes
# /adventive/cloudflared/ami-id-latest, starts the roll-out) -> Step Functions adv-cflared-rolling-update
# (dev, then stg, then prd, each gated on the previous env's instance refresh).

terraform {
  required_version = ">= 1.7.0"

  # Partial configuration: see README.
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60.0, < 7.0.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4.0"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

locals {
  account  = data.aws_caller_identity.current.account_id
  pipeline = "arn:aws:imagebuilder:${var.region}:${local.account}:image-pipeline/${var.pipeline_name}"
  name     = "adv-cflared-rolling-update"
  tags     = merge(var.tags, { OwnedBy = "platform", Service = "cloudflared" })
}

################################################################################
# The pointer every launch template reads
################################################################################

resource "aws_ssm_parameter" "ami_latest" {
  name        = var.ami_parameter_name
  description = "Current cloudflared AMI; written by the promotion Lambda after each successful build"
  type        = "String"
  data_type   = "aws:ec2:image"
  value       = var.initial_ami_id
  tags        = local.tags

  # After the first apply the Lambda owns the value.
  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_sns_topic" "rollout" {
  name = "${local.name}-notifications"
  tags = local.tags
}

resource "aws_sns_topic_subscription" "oncall" {
  for_each  = toset(var.notification_emails)
  topic_arn = aws_sns_topic.rollout.arn
  protocol  = "email"
  endpoint  = each.value
}
