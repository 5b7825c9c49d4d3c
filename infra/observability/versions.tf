# Observability as code (plan phases 5-8, issue 9): New Relic alert policy, NRQL conditions,
# notification workflow, synthetic monitors and the 48-hour dashboard for ONE environment.
# Applied once per env, the workspace naming the env (like infra/cloudflared/live):
#
#   terraform init -backend-config=backend.hcl
#   terraform workspace select -or-create prd
#   NEW_RELIC_API_KEY=… TF_VAR_pagerduty_service_key=… terraform apply -var-file=env/prd.tfvars
#
# Needs Terraform >= 1.9: the destination validation refers to var.env.

terraform {
  required_version = ">= 1.9.0"

  # Partial configuration: bucket, key, region and dynamodb_table come from backend.hcl (see README).
  backend "s3" {}

  required_providers {
    newrelic = {
      source = "newrelic/newrelic"
      # Pinned to the 3.x line the resources below are written against; the first `terraform init`
      # with registry access writes the exact version into .terraform.lock.hcl, which is committed.
      version = "~> 3.50"
    }
  }
}

# The User API key comes from NEW_RELIC_API_KEY in the environment, never from a file.
provider "newrelic" {
  account_id = var.newrelic_account_id
  region     = var.newrelic_region
}
