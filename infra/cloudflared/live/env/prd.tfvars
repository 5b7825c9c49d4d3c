# prd: fill in the real ids before the first apply; the REPLACE values fail the module's validation
# on purpose, so nothing is applied against a guessed network.
region = "us-east-1"
vpc_id = "REPLACE_WITH_PRD_AURORA_VPC_ID"
# prd spreads over two AZs: two subnets in different Availability Zones.
subnet_ids = ["REPLACE_WITH_PRD_PRIVATE_SUBNET_AZ_A", "REPLACE_WITH_PRD_PRIVATE_SUBNET_AZ_B"]
aurora_security_group_ids = {
  console   = "REPLACE_WITH_PRD_CONSOLE_AURORA_SG_ID"
  aggregate = "REPLACE_WITH_PRD_AGGREGATE_AURORA_SG_ID"
}
# prd pages on-call: an empty list fails validation.
alarm_sns_topic_arns = ["REPLACE_WITH_PRD_ONCALL_SNS_TOPIC_ARN"]
