terraform {
  required_version = ">= 1.7.0"

  # Partial configuration: see README (one state; the pipeline is shared by all envs).
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
