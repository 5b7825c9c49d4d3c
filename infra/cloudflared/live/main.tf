# Root configuration applied once per environment: the Terraform workspace IS the env (dev, stg, prd),
# each with its own state under the S3 backend's workspace prefix and its own env/<env>.tfvars.
#
#   terraform init -backend-config=backend.hcl
#   terraform workspace select -or-create dev
#   terraform apply -var-file=env/dev.tfvars

terraform {
  required_version = ">= 1.9.0"

  # Partial configuration: bucket, key, region and dynamodb_table come from backend.hcl (see README).
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60.0, < 7.0.0"
    }
  }
}

provider "aws" {
  region = var.region
}

module "cloudflared" {
  source = "../"

  env                       = terraform.workspace
  vpc_id                    = var.vpc_id
  subnet_ids                = var.subnet_ids
  aurora_security_group_ids = var.aurora_security_group_ids
  secret_kms_key_arn        = var.secret_kms_key_arn
  alarm_sns_topic_arns      = var.alarm_sns_topic_arns
}
