variable "region" {
  description = "AWS region of the env's Aurora VPC."
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "Id of the env's Aurora VPC."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the replicas, one per AZ (dev/stg use the first, prd the first two)."
  type        = list(string)
}

variable "aurora_security_group_ids" {
  description = "Security groups of the env's Aurora clusters, keyed console and aggregate."
  type        = map(string)
}

variable "secret_kms_key_arn" {
  description = "Customer-managed KMS key of the env's tunnel secret, or null for the AWS-managed key."
  type        = string
  default     = null
}

variable "alarm_sns_topic_arns" {
  description = "SNS topics the paging alarms notify. Required; prd must name at least one (the module checks)."
  type        = list(string)
}
