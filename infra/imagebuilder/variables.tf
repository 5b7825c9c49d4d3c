variable "region" {
  description = "Region the pipeline builds in (us-east-1 first, per plan §1.1)."
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "VPC of the Image Builder build and test instances (needs outbound HTTPS for apt and pkg.cloudflare.com)."
  type        = string
}

variable "subnet_id" {
  description = "Subnet of the build and test instances."
  type        = string
}

variable "artifacts_bucket" {
  description = "Existing S3 bucket for component artifacts and build logs; the AMI scripts are uploaded to cflared/<script> in it."
  type        = string
  default     = "adventive-platform-artifacts"
}

variable "recipe_version" {
  description = "Semantic version of the image recipe; bump it when the recipe or a component version changes."
  type        = string
  default     = "1.1.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.recipe_version))
    error_message = "recipe_version must be a semantic version like 1.0.0."
  }
}

variable "component_version" {
  description = "Semantic version of the three Adventive components; bump it whenever their YAML changes (component versions are immutable)."
  type        = string
  default     = "1.1.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.component_version))
    error_message = "component_version must be a semantic version like 1.0.0."
  }
}

variable "managed_components" {
  description = "AWS-managed components added to the recipe, by name and exact version (list current ones with: aws imagebuilder list-components --owner Amazon --filters name=platform,values=Linux)."
  type = list(object({
    name    = string
    version = string
  }))
  default = [
    { name = "update-linux", version = "1.0.2" },
    { name = "aws-cli-version-2-linux", version = "1.0.4" },
    { name = "amazon-cloudwatch-agent-linux", version = "1.0.1" },
  ]
}

variable "distribution_regions" {
  description = "Regions each AMI is distributed to, each mapped to a KMS key ARN for encryption there (empty string = default key). Plan §1.1: us-east-1 first, us-west-2 for disaster recovery; both are required."
  type        = map(string)
  default     = { "us-east-1" = "", "us-west-2" = "" }

  validation {
    condition     = contains(keys(var.distribution_regions), "us-east-1") && contains(keys(var.distribution_regions), "us-west-2")
    error_message = "distribution_regions must include us-east-1 (where the replicas run) and us-west-2 (the DR copy)."
  }
}

variable "ami_retain_count" {
  description = "How many of the newest cloudflared AMIs the lifecycle policy keeps (plan: 4)."
  type        = number
  default     = 4

  validation {
    condition     = var.ami_retain_count >= 2
    error_message = "Keep at least 2 AMIs so a rollback target always exists."
  }
}

variable "tags" {
  description = "Tags for every resource of the pipeline."
  type        = map(string)
  default     = { OwnedBy = "platform", Service = "cloudflared" }
}
