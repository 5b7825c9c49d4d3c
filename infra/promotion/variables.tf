variable "region" {
  description = "Region of the pipeline, the parameter and the three tunnel ASGs."
  type        = string
  default     = "us-east-1"
}

variable "pipeline_name" {
  description = "Image Builder pipeline whose images are promoted (output pipeline_name of infra/imagebuilder)."
  type        = string
  default     = "adv-cflared-pipeline"
}

variable "ami_parameter_name" {
  description = "SSM parameter holding the current cloudflared AMI id."
  type        = string
  default     = "/adventive/cloudflared/ami-id-latest"
}

variable "initial_ami_id" {
  description = "AMI id the parameter starts with (output first_ami_id of infra/imagebuilder); later values come from the Lambda."
  type        = string

  validation {
    condition     = can(regex("^ami-[0-9a-f]{8,17}$", var.initial_ami_id))
    error_message = "initial_ami_id must look like ami-0123456789abcdef0."
  }
}

variable "notification_emails" {
  description = "Addresses subscribed to roll-out failures and the AMI-age warning (on-call)."
  type        = list(string)
  default     = []
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the imagebuilder_ami_age_days metric."
  type        = string
  default     = "Adventive/Cloudflared"
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}
