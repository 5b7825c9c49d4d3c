data "aws_iam_policy_document" "sfn_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rolling_update" {
  name               = local.name
  assume_role_policy = data.aws_iam_policy_document.sfn_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "rolling_update" {
  statement {
    sid       = "ReadAmiParameter"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.ami_latest.arn]
  }
  statement {
    sid       = "VersionTunnelLaunchTemplates"
    actions   = ["ec2:CreateLaunchTemplateVersion"]
    resources = ["arn:aws:ec2:${var.region}:${local.account}:launch-template/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Service"
      values   = ["cloudflared"]
    }
  }
  statement {
    sid       = "RefreshTunnelGroups"
    actions   = ["autoscaling:StartInstanceRefresh"]
    resources = ["arn:aws:autoscaling:${var.region}:${local.account}:autoScalingGroup:*:autoScalingGroupName/adv-cflared-*"]
  }
  statement {
    # Describe calls cannot be scoped to a resource.
    sid       = "WatchRefreshes"
    actions   = ["autoscaling:DescribeInstanceRefreshes", "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"]
    resources = ["*"]
  }
  statement {
    # A refresh to a new launch template version launches instances with the replicas' role.
    sid       = "LaunchWithReplicaRole"
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::${local.account}:role/adv-cflared-*-instance"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }
  statement {
    sid       = "NotifyOnCall"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.rollout.arn]
  }
}

resource "aws_iam_role_policy" "rolling_update" {
  name   = local.name
  role   = aws_iam_role.rolling_update.id
  policy = data.aws_iam_policy_document.rolling_update.json
}

resource "aws_sfn_state_machine" "rolling_update" {
  name     = local.name
  role_arn = aws_iam_role.rolling_update.arn
  type     = "STANDARD"
  definition = templatefile("${path.module}/state-machine/adv-cflared-rolling-update.asl.json", {
    ami_parameter_name     = var.ami_parameter_name
    notification_topic_arn = aws_sns_topic.rollout.arn
  })
  tags = local.tags
}
