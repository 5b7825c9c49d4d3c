################################################################################
# Environment
################################################################################

variable "env" {
  description = "Environment this tunnel serves: dev, stg or prd. Selects sizing, names, tags and the Secrets Manager secret /adventive/cloudflared/<env>."
  type        = string

  validation {
    condition     = contains(["dev", "stg", "prd"], var.env)
    error_message = "env must be one of dev, stg, prd."
  }
}

variable "tags" {
  description = "Extra tags for every resource (the module always adds adv:env, OwnedBy and Service)."
  type        = map(string)
  default     = {}
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "Id of the env's Aurora VPC, where the cloudflared replicas run."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the replicas, one per Availability Zone, in order of preference. dev and stg use the first; prd spreads over the first two, which must be in different AZs."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must hold at least one id like subnet-0123456789abcdef0."
  }
}

variable "aurora_security_group_ids" {
  description = "Security groups of the env's two Aurora clusters (console, aggregate): the only MySQL (3306) destinations the replicas may reach."
  type        = map(string)

  validation {
    condition     = toset(keys(var.aurora_security_group_ids)) == toset(["console", "aggregate"]) && alltrue([for id in values(var.aurora_security_group_ids) : can(regex("^sg-[0-9a-f]{8,17}$", id))])
    error_message = "aurora_security_group_ids must map exactly console and aggregate to ids like sg-0123456789abcdef0."
  }
}

variable "cloudflare_tunnel_edge_cidrs" {
  description = "Cloudflare edge ranges cloudflared connects to on port 7844 (TCP for http2, UDP for QUIC). Default: Cloudflare's published 198.41.128.0/17, which holds the region1/region2 tunnel endpoints."
  type        = list(string)
  default     = ["198.41.128.0/17"]

  validation {
    condition     = length(var.cloudflare_tunnel_edge_cidrs) > 0 && alltrue([for c in var.cloudflare_tunnel_edge_cidrs : can(cidrhost(c, 0))])
    error_message = "cloudflare_tunnel_edge_cidrs must be a non-empty list of CIDR blocks."
  }
}

################################################################################
# Image and credentials
################################################################################

variable "ami_ssm_parameter_name" {
  description = "SSM parameter holding the current cloudflared AMI id (written by the promotion Lambda)."
  type        = string
  default     = "/adventive/cloudflared/ami-id-latest"

  validation {
    condition     = startswith(var.ami_ssm_parameter_name, "/")
    error_message = "ami_ssm_parameter_name must be a full parameter path starting with /."
  }
}

variable "secret_kms_key_arn" {
  description = "ARN of the customer-managed KMS key encrypting the env's tunnel secret, or null when the secret uses the AWS-managed key (aws/secretsmanager)."
  type        = string
  default     = null

  validation {
    condition     = var.secret_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.secret_kms_key_arn))
    error_message = "secret_kms_key_arn must be null or a KMS key ARN."
  }
}

################################################################################
# Observability
################################################################################

variable "alarm_sns_topic_arns" {
  description = "SNS topics notified by the paging alarms (replica count, restart rate, repeated health-check replacements), e.g. the on-call topic. prd must name at least one (checked): an alarm nobody receives is not an alarm."
  type        = list(string)

  validation {
    condition     = var.env != "prd" || length(var.alarm_sns_topic_arns) > 0
    error_message = "prd pages on-call: alarm_sns_topic_arns must name at least one SNS topic."
  }

  validation {
    condition     = alltrue([for a in var.alarm_sns_topic_arns : can(regex("^arn:aws[a-z-]*:sns:", a))])
    error_message = "alarm_sns_topic_arns must hold SNS topic ARNs."
  }
}

variable "health_check_minutes" {
  description = "Consecutive minutes a replica must report itself disconnected from the edge before the health check replaces it."
  type        = number
  default     = 3

  validation {
    condition     = var.health_check_minutes >= 2 && var.health_check_minutes <= 15 && floor(var.health_check_minutes) == var.health_check_minutes
    error_message = "health_check_minutes must be a whole number from 2 to 15."
  }
}

