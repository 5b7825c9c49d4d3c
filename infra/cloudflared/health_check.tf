# The replica health check (plan §1 maintenance, "cloudflared running but tunnel reports
# unhealthy"; docs/runbooks/tunnel-maintenance.md §5): a Lambda, every minute, reads each replica's
# own cflared_replica_count_per_tunnel series and marks a replica that has reported "not
# connected" for health_check_minutes minutes Unhealthy, so the ASG replaces it (one per run, not
# during an instance refresh). Repeated replacements page: the tunnel itself is broken then.
# Build the bundle before applying: npm run build:health-check-lambda (see README).

data "archive_file" "health_check" {
  type        = "zip"
  source_file = "${path.module}/../../.build/health-check-lambda/index.mjs"
  output_path = "${path.module}/../../.build/health-check-lambda/health-check-${var.env}.zip"
}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "health_check" {
  name               = "${local.name}-health-check"
  description        = "cloudflared replica health check (${var.env}): read the replica metrics, mark a disconnected replica Unhealthy"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = local.tags
}

data "aws_iam_policy_document" "health_check" {
  statement {
    # Describe calls have no resource-level scoping.
    sid       = "ReadGroup"
    actions   = ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeInstanceRefreshes"]
    resources = ["*"]
  }
  statement {
    sid       = "MarkOwnReplicaUnhealthy"
    actions   = ["autoscaling:SetInstanceHealth"]
    resources = [aws_autoscaling_group.cflared.arn]
  }
  statement {
    # GetMetricData has no resource-level scoping either; the function reads only its namespace.
    sid       = "ReadReplicaMetrics"
    actions   = ["cloudwatch:GetMetricData"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "health_check" {
  name   = "${local.name}-health-check"
  role   = aws_iam_role.health_check.id
  policy = data.aws_iam_policy_document.health_check.json
}

resource "aws_iam_role_policy_attachment" "health_check_logs" {
  role       = aws_iam_role.health_check.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "health_check" {
  function_name    = "${local.name}-health-check"
  description      = "Replace a cloudflared replica of ${var.env} that stays disconnected from the Cloudflare edge"
  role             = aws_iam_role.health_check.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = data.archive_file.health_check.output_path
  source_code_hash = data.archive_file.health_check.output_base64sha256
  timeout          = 30
  memory_size      = 256
  # One run at a time: two overlapping runs could each replace a replica.
  reserved_concurrent_executions = 1

  environment {
    variables = {
      ASG_NAME          = aws_autoscaling_group.cflared.name
      ENV               = var.env
      METRICS_NAMESPACE = local.metrics_namespace
      UNHEALTHY_MINUTES = tostring(var.health_check_minutes)
    }
  }

  tags = local.tags
}

resource "aws_cloudwatch_event_rule" "health_check" {
  name                = "${local.name}-health-check"
  description         = "Every minute: replace a cloudflared replica of ${var.env} that stays disconnected"
  schedule_expression = "rate(1 minute)"
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "health_check" {
  rule = aws_cloudwatch_event_rule.health_check.name
  arn  = aws_lambda_function.health_check.arn
}

resource "aws_lambda_permission" "health_check" {
  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.health_check.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.health_check.arn
}

# Plan: "if the condition repeats across replacements, page on-call" (credentials rotated upstream,
# tunnel deleted): more than 2 replacements in an hour.
resource "aws_cloudwatch_metric_alarm" "replacements" {
  alarm_name          = "${local.name}-health-check-replacements"
  alarm_description   = "PAGE: the health check replaced more than 2 ${var.env} cloudflared replicas in an hour; the tunnel itself is likely broken (runbook: tunnel-maintenance.md §5)."
  namespace           = local.metrics_namespace
  metric_name         = "cflared_health_check_replacements"
  dimensions          = { Env = var.env }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = 2
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_sns_topic_arns
  ok_actions          = var.alarm_sns_topic_arns
  tags                = local.tags
}
