# Keep the newest var.ami_retain_count AMIs of the recipe (plan: 4) and delete older ones with their
# snapshots. The aws-ia module has no lifecycle setting, so the policy is declared here.

data "aws_iam_policy_document" "lifecycle_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["imagebuilder.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lifecycle" {
  name               = "${local.name}-ami-lifecycle"
  assume_role_policy = data.aws_iam_policy_document.lifecycle_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "lifecycle" {
  role       = aws_iam_role.lifecycle.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy"
}

resource "aws_imagebuilder_lifecycle_policy" "retain" {
  name           = "${local.name}-retain-${var.ami_retain_count}"
  description    = "Keep the ${var.ami_retain_count} newest cloudflared AMIs"
  execution_role = aws_iam_role.lifecycle.arn
  resource_type  = "AMI_IMAGE"

  policy_detail {
    action {
      type = "DELETE"
    }
    filter {
      type  = "COUNT"
      value = var.ami_retain_count
    }
  }

  resource_selection {
    recipe {
      name             = "${local.name}-image-recipe"
      semantic_version = var.recipe_version
    }
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy_attachment.lifecycle]
}
