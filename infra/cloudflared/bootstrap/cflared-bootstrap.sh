#!/usr/bin/env bash
# cflared-bootstrap.sh — baked into the cloudflared AMI at /usr/local/sbin, run once per boot by
# cflared-bootstrap.service before cloudflared.service.
#
# Resolves this instance's environment from its `adv:env` tag (IMDSv2: the launch template requires
# session tokens), fetches the env's tunnel secret from Secrets Manager in ONE call (config and
# credentials always come from the same secret version, even mid-rotation), and installs
# /etc/cloudflared/config.yml and /etc/cloudflared/<TunnelID>.json with mode 0600 by atomic rename.
#
# The secret is a JSON object: {"config_yaml": "<config.yml text>", "credentials_json": {...}|"<json>"}.
# Secret values are only ever piped between processes; nothing here prints them.
set -euo pipefail

readonly CONFIG_DIR="${CFLARED_CONFIG_DIR:-/etc/cloudflared}"
readonly SECRET_PREFIX="/adventive/cloudflared"

# shellcheck source=../lib/cflared-imds.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cflared-imds.sh"

log() { printf 'cflared-bootstrap: %s\n' "$*" >&2; }
die() {
  log "FATAL: $*"
  exit 1
}

for tool in curl aws jq; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' is not installed in this AMI"
done

imds_session || die "could not get an IMDSv2 session token from ${IMDS}"

ENV="$(imds_get 'tags/instance/adv:env')" ||
  die "could not read the instance tag adv:env (is instance_metadata_tags enabled in the launch template?)"
is_adv_env "$ENV" || die "instance tag adv:env is '${ENV}', expected one of dev, stg, prd"

REGION="$(imds_get 'placement/region')" || die "could not read the region from instance metadata"

SECRET_ID="${SECRET_PREFIX}/${ENV}"
log "env=${ENV} region=${REGION} secret=${SECRET_ID}"

SECRET="$(aws secretsmanager get-secret-value --region "$REGION" --secret-id "$SECRET_ID" \
  --query SecretString --output text)" || die "could not read secret ${SECRET_ID} (missing, or no permission?)"
if [ -z "$SECRET" ] || [ "$SECRET" = "None" ]; then
  die "secret ${SECRET_ID} has no SecretString"
fi

field() { printf '%s' "$SECRET" | jq -er "$1" 2>/dev/null; }

CONFIG_YAML="$(field '.config_yaml | strings')" || die "secret ${SECRET_ID} is not JSON with a string field config_yaml"
# credentials_json may be stored as a nested object or as a JSON string; both normalise to one object.
CREDENTIALS="$(field '.credentials_json | if type == "string" then fromjson else . end | objects')" ||
  die "secret ${SECRET_ID} has no credentials_json object"
TUNNEL_ID="$(printf '%s' "$CREDENTIALS" | jq -er '.TunnelID | strings' 2>/dev/null)" ||
  die "credentials_json in ${SECRET_ID} has no TunnelID"
[[ "$TUNNEL_ID" =~ ^[0-9a-fA-F-]{36}$ ]] || die "TunnelID in ${SECRET_ID} is not a UUID"

# config.yml is YAML, so it is checked line-wise rather than with jq: the tunnel it names must be the
# one the credentials belong to, or cloudflared would start with a file it cannot use.
CONFIG_TUNNEL="$(printf '%s\n' "$CONFIG_YAML" | sed -n 's/^tunnel:[[:space:]]*"\{0,1\}\([0-9a-fA-F-]*\)"\{0,1\}[[:space:]]*$/\1/p' | head -n 1)"
[ "$CONFIG_TUNNEL" = "$TUNNEL_ID" ] ||
  die "config_yaml names tunnel '${CONFIG_TUNNEL}' but credentials_json is for tunnel '${TUNNEL_ID}'"

umask 077
mkdir -p "$CONFIG_DIR"
chmod 0700 "$CONFIG_DIR"

tmp_config="$(mktemp "${CONFIG_DIR}/.config.yml.XXXXXX")"
tmp_creds="$(mktemp "${CONFIG_DIR}/.creds.json.XXXXXX")"
trap 'rm -f "$tmp_config" "$tmp_creds"' EXIT

printf '%s\n' "$CONFIG_YAML" >"$tmp_config"
printf '%s\n' "$CREDENTIALS" >"$tmp_creds"
chmod 0600 "$tmp_config" "$tmp_creds"
# Credentials first: config.yml points at them, so it must never appear before its file exists.
mv -f "$tmp_creds" "${CONFIG_DIR}/${TUNNEL_ID}.json"
mv -f "$tmp_config" "${CONFIG_DIR}/config.yml"

log "installed ${CONFIG_DIR}/config.yml and ${CONFIG_DIR}/${TUNNEL_ID}.json for tunnel ${TUNNEL_ID}"
