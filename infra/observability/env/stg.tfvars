# stg: e-mail list and the CloudWatch metric prefix. The account id and the PagerDuty key come from
# the environment (TF_VAR_newrelic_account_id, TF_VAR_pagerduty_service_key), dev/stg may set the key
# to "" for e-mail only. REPLACE values fail validation on purpose.
env                 = "stg"
notification_emails = ["REPLACE_WITH_ONCALL_EMAIL"]
# Confirm once the metric stream runs (README): FROM Metric SELECT uniques(metricName) WHERE aws.Namespace = 'Adventive/Cloudflared'
tunnel_metric_prefix = "REPLACE_WITH_NEW_RELIC_CLOUDWATCH_PREFIX"
