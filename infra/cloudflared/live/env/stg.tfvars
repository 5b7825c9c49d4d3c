# stg: fill in the real ids before the first apply; the REPLACE values fail the module's validation
# on purpose, so nothing is applied against a guessed network.
region     = "us-east-1"
vpc_id     = "REPLACE_WITH_STG_AURORA_VPC_ID"
subnet_ids = ["REPLACE_WITH_STG_PRIVATE_SUBNET_AZ_A"]
aurora_security_group_ids = {
  console   = "REPLACE_WITH_STG_CONSOLE_AURORA_SG_ID"
  aggregate = "REPLACE_WITH_STG_AGGREGATE_AURORA_SG_ID"
}
alarm_sns_topic_arns = []
