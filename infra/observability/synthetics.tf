# The plan's synthetic probes (phase 7 observability): every 60 s, from several locations, against
# this env's API host. /__health needs no credential; /credentialscheck uses the smoke credential
# pair, read at run time from New Relic secure credentials (created once by hand, see README), so
# no credential is in the repo or the Terraform state.

resource "newrelic_synthetics_monitor" "health" {
  name              = local.probe_monitor[0]
  type              = "SIMPLE"
  period            = "EVERY_MINUTE"
  status            = "ENABLED"
  uri               = "https://${local.api_host}/__health"
  locations_public  = var.synthetics_locations
  validation_string = "\"status\":\"ok\""
  verify_ssl        = true

  tag {
    key    = "env"
    values = [var.env]
  }
}

resource "newrelic_synthetics_script_monitor" "credentialscheck" {
  name                 = local.probe_monitor[1]
  type                 = "SCRIPT_API"
  period               = "EVERY_MINUTE"
  status               = "ENABLED"
  locations_public     = var.synthetics_locations
  script_language      = "JAVASCRIPT"
  runtime_type         = "NODE_API"
  runtime_type_version = "16.10"

  script = templatefile("${path.module}/synthetics/credentialscheck.js.tftpl", {
    base_url            = "https://${local.api_host}"
    integration_key_var = "ADV_SMOKE_INTEGRATION_KEY_${local.env_upper}"
    api_key_var         = "ADV_SMOKE_API_KEY_${local.env_upper}"
  })

  tag {
    key    = "env"
    values = [var.env]
  }
}
