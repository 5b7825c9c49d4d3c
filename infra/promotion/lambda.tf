# The promotion Lambda. Build the bundle first: npm run build:promotion-lambda (see README).

data "archive_file" "promotion" {
  type        = "zip"
  source_file = "${path.module}/../../.build/promotion-lambda/index.mjs"
  output_path = "${path.module}/../../.build/promotion-lambda/promotion.zip"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "promotion" {
  name               = "adv-cflared-ami-promotion"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "promotion" {
  statement {
    sid       = "ReadPipelineImages"
    actions   = ["imagebuilder:GetImage"]
    resources = ["arn:aws:imagebuilder:${var.region}:${local.account}:image/*"]
  }
  statement {
    sid       = "OwnAmiParameter"
    actions   = ["ssm:GetParameter", "ssm:PutParameter"]
    resources = [aws_ssm_parameter.ami_latest.arn]
  }
  statement {
    # SSM checks an aws:ec2:image value with the caller's permissions; DescribeImages has no resource-level scoping.
    sid       = "ValidateAmiParameter"
    actions   = ["ec2:DescribeImages"]
    resources = ["*"]
  }
  statement {
    sid       = "StartRollout"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.rolling_update.arn]
  }
  statement {
    sid       = "ReportFailures"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.rollout.arn]
  }
}

resource "aws_iam_role_policy" "promotion" {
  name   = "adv-cflared-ami-promotion"
  role   = aws_iam_role.promotion.id
  policy = data.aws_iam_policy_document.promotion.json
}

resource "aws_iam_role_policy_attachment" "promotion_logs" {
  role       = aws_iam_role.promotion.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "promotion" {
  function_name    = "adv-cflared-ami-promotion"
  description      = "Publish each new cloudflared AMI to SSM and start adv-cflared-rolling-update; emit the AMI age daily"
  role             = aws_iam_role.promotion.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = data.archive_file.promotion.output_path
  source_code_hash = data.archive_file.promotion.output_base64sha256
  timeout          = 30
  memory_size      = 256

  environment {
    variables = {
      AMI_PARAMETER_NAME = aws_ssm_parameter.ami_latest.name
      STATE_MACHINE_ARN  = aws_sfn_state_machine.rolling_update.arn
      PIPELINE_ARN       = local.pipeline
      METRICS_NAMESPACE  = var.metrics_namespace
    }
  }

  tags = local.tags
}

resource "aws_lambda_function_event_invoke_config" "promotion" {
  function_name          = aws_lambda_function.promotion.function_name
  maximum_retry_attempts = 2

  destination_config {
    on_failure {
      destination = aws_sns_topic.rollout.arn
    }
  }
}

################################################################################
# Triggers: pipeline success, and a daily tick for the AMI-age metric
################################################################################

resource "aws_cloudwatch_event_rule" "image_available" {
  name        = "adv-cflared-image-available"
  description = "An Image Builder image became AVAILABLE (the Lambda keeps only adv-cflared-pipeline's)"
  event_pattern = jsonencode({
    source        = ["aws.imagebuilder"]
    "detail-type" = ["EC2 Image Builder Image State Change"]
    detail        = { state = { status = ["AVAILABLE"] } }
  })
  tags = local.tags
}

resource "aws_cloudwatch_event_rule" "daily_ami_age" {
  name                = "adv-cflared-ami-age-daily"
  description         = "Daily AMI-age metric for the 21-day alarm"
  schedule_expression = "cron(0 12 * * ? *)"
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "promotion" {
  for_each = {
    image_available = aws_cloudwatch_event_rule.image_available.name
    daily_ami_age   = aws_cloudwatch_event_rule.daily_ami_age.name
  }
  rule = each.value
  arn  = aws_lambda_function.promotion.arn
}

resource "aws_lambda_permission" "events" {
  for_each = {
    image_available = aws_cloudwatch_event_rule.image_available.arn
    daily_ami_age   = aws_cloudwatch_event_rule.daily_ami_age.arn
  }
  statement_id  = "AllowEventBridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.promotion.function_name
  principal     = "events.amazonaws.com"
  source_arn    = each.value
}

resource "aws_cloudwatch_metric_alarm" "ami_age" {
  alarm_name          = "adv-cflared-ami-age"
  alarm_description   = "WARN: the promoted cloudflared AMI is older than 21 days; the weekly Image Builder pipeline is failing."
  namespace           = var.metrics_namespace
  metric_name         = "imagebuilder_ami_age_days"
  statistic           = "Maximum"
  period              = 86400
  evaluation_periods  = 1
  threshold           = 21
  comparison_operator = "GreaterThanThreshold"
  # No data for a day means the daily Lambda run itself failed: warn as well.
  treat_missing_data = "breaching"
  alarm_actions      = [aws_sns_topic.rollout.arn]
  tags               = local.tags
}
