# No inbound rules at all: cloudflared only dials out. Egress is limited to what a replica needs.
resource "aws_security_group" "cflared" {
  name        = "${local.name}-sg"
  description = "cloudflared replicas for ${var.env}: no inbound; egress to Cloudflare, AWS APIs and Aurora only"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.name}-sg" })
}

# HTTPS: Cloudflare API and AWS APIs (Secrets Manager, SSM, CloudWatch) the replica calls.
resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.cflared.id
  description       = "HTTPS to the Cloudflare edge/API and AWS service endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}

# cloudflared's tunnel connections use port 7844 (TCP with http2, UDP with QUIC), not 443.
resource "aws_vpc_security_group_egress_rule" "tunnel_tcp" {
  for_each          = toset(var.cloudflare_tunnel_edge_cidrs)
  security_group_id = aws_security_group.cflared.id
  description       = "cloudflared tunnel (http2) to the Cloudflare edge"
  ip_protocol       = "tcp"
  from_port         = 7844
  to_port           = 7844
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "tunnel_udp" {
  for_each          = toset(var.cloudflare_tunnel_edge_cidrs)
  security_group_id = aws_security_group.cflared.id
  description       = "cloudflared tunnel (QUIC) to the Cloudflare edge"
  ip_protocol       = "udp"
  from_port         = 7844
  to_port           = 7844
  cidr_ipv4         = each.value
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "aurora" {
  for_each                     = var.aurora_security_group_ids
  security_group_id            = aws_security_group.cflared.id
  description                  = "MySQL to the ${each.key} Aurora cluster"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = each.value
  tags                         = local.tags
}

# The matching inbound rule lives on each Aurora cluster's security group, not on this one.
resource "aws_vpc_security_group_ingress_rule" "aurora_from_cflared" {
  for_each                     = var.aurora_security_group_ids
  security_group_id            = each.value
  description                  = "MySQL from the ${var.env} cloudflared replicas"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = aws_security_group.cflared.id
  tags                         = local.tags
}
