# Instance role: read THIS env's tunnel secret and nothing else from Secrets Manager; be SSM-managed;
# publish the cloudflared metrics into their own namespace.

data "aws_region" "current" {}

data "aws_secretsmanager_secret" "tunnel" {
  name = local.secret_name
}

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    sid     = "Ec2AssumesRole"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cflared" {
  name               = "${local.name}-instance"
  description        = "cloudflared replicas (${var.env}): own tunnel secret, SSM management, metrics"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
  tags               = local.tags
}

data "aws_iam_policy_document" "cflared" {
  statement {
    sid       = "ReadOwnEnvTunnelSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [data.aws_secretsmanager_secret.tunnel.arn]
  }

  dynamic "statement" {
    for_each = var.secret_kms_key_arn == null ? [] : [var.secret_kms_key_arn]
    content {
      sid       = "DecryptOwnEnvTunnelSecret"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "PublishCflaredMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [local.metrics_namespace]
    }
  }
}

resource "aws_iam_role_policy" "cflared" {
  name   = "${local.name}-tunnel-secret"
  role   = aws_iam_role.cflared.id
  policy = data.aws_iam_policy_document.cflared.json
}

resource "aws_iam_role_policy_attachment" "ssm_core" {
  role       = aws_iam_role.cflared.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "cflared" {
  name = "${local.name}-instance"
  role = aws_iam_role.cflared.name
  tags = local.tags
}
