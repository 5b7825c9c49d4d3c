# The cloudflared AMI pipeline (plan §1.1/§1.1.1): Ubuntu 22.04 + AWS-managed components + the three
# Adventive components, built every Tuesday 06:00 UTC. The AMI holds no credentials; it is the same
# for dev, stg and prd.

locals {
  name = "adv-cflared"
  # Canonical's account; the module picks the newest image matching the name.
  canonical_owner = "099720109477"
  ubuntu_jammy    = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"

  # The Adventive components (<name>.yml here) and their descriptions. Build order is
  # component_order: cloudflared and its unit first, then the bootstrap, which installs the IMDSv2
  # helper that the metrics component's validation looks for.
  components = {
    "adv-cflared-cloudflared"      = "Install cloudflared from the Cloudflare APT repo and its systemd unit"
    "adv-cflared-bootstrap-script" = "Install cflared-bootstrap.sh and the unit that runs it before cloudflared"
    "adv-cflared-metrics"          = "Install cflared-metrics.sh and the timer that publishes the replica metrics every minute"
  }
  component_order = ["adv-cflared-cloudflared", "adv-cflared-bootstrap-script", "adv-cflared-metrics"]
  component_arns  = [for name in local.component_order : aws_imagebuilder_component.adventive[name].arn]

  cflared_scripts = {
    "cflared-bootstrap.sh" = "${path.module}/../cloudflared/bootstrap/cflared-bootstrap.sh"
    "cflared-imds.sh"      = "${path.module}/../cloudflared/lib/cflared-imds.sh"
    "cflared-metrics.sh"   = "${path.module}/../cloudflared/metrics/cflared-metrics.sh"
  }
}

# The scripts the components download from s3://<bucket>/cflared/<name>, uploaded from the files the
# bats tests cover.
resource "aws_s3_object" "cflared_scripts" {
  for_each               = local.cflared_scripts
  bucket                 = var.artifacts_bucket
  key                    = "cflared/${each.key}"
  source                 = each.value
  etag                   = filemd5(each.value)
  content_type           = "text/x-shellscript"
  server_side_encryption = "AES256"
  tags                   = var.tags
}

moved {
  from = aws_s3_object.bootstrap_script
  to   = aws_s3_object.cflared_scripts["cflared-bootstrap.sh"]
}

# Component versions are immutable: bump var.component_version whenever one of the YAML files changes.
resource "aws_imagebuilder_component" "adventive" {
  for_each    = local.components
  name        = each.key
  description = each.value
  platform    = "Linux"
  version     = var.component_version
  data        = file("${path.module}/${each.key}.yml")
  tags        = var.tags

  lifecycle {
    create_before_destroy = true
  }

  # Two of them download scripts at build time.
  depends_on = [aws_s3_object.cflared_scripts]
}

moved {
  from = aws_imagebuilder_component.cloudflared
  to   = aws_imagebuilder_component.adventive["adv-cflared-cloudflared"]
}

moved {
  from = aws_imagebuilder_component.bootstrap
  to   = aws_imagebuilder_component.adventive["adv-cflared-bootstrap-script"]
}

# Build instances may read the artifacts they install, nothing else in the bucket.
data "aws_iam_policy_document" "builder_artifacts" {
  statement {
    sid       = "ReadCflaredArtifacts"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.artifacts_bucket}/cflared/*"]
  }
  statement {
    sid       = "WriteBuildLogs"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::${var.artifacts_bucket}/logs/*"]
  }
}

resource "aws_iam_policy" "builder_artifacts" {
  name        = "${local.name}-builder-artifacts"
  description = "Image Builder instances: read cflared artifacts, write build logs"
  policy      = data.aws_iam_policy_document.builder_artifacts.json
  tags        = var.tags
}

module "cflared_pipeline" {
  source  = "aws-ia/ec2-image-builder/aws"
  version = "~> 1.0"

  # The module appends -pipeline / -image-recipe: adv-cflared-pipeline, adv-cflared-image-recipe.
  name       = local.name
  aws_region = var.region
  vpc_id     = var.vpc_id
  subnet_id  = var.subnet_id
  platform   = "Linux"

  source_ami_name  = local.ubuntu_jammy
  source_ami_owner = local.canonical_owner
  ami_name         = local.name
  ami_description  = "cloudflared replica image (Ubuntu 22.04 LTS), environment-agnostic, no credentials"
  recipe_version   = var.recipe_version
  instance_types   = ["t3.small"]
  s3_bucket_name   = var.artifacts_bucket

  managed_components  = var.managed_components
  build_component_arn = local.component_arns

  schedule_expression = [{
    scheduleExpression                 = "cron(0 6 ? * TUE *)"
    pipeline_execution_start_condition = "EXPRESSION_MATCH_ONLY"
  }]

  ami_regions_kms_key   = var.distribution_regions
  create_security_group = true
  source_cidr           = []
  attach_custom_policy  = true
  custom_policy_arn     = aws_iam_policy.builder_artifacts.arn
  tags                  = var.tags
}
