// GET /campaigns: the account's campaigns (all but archived) with their site
// tree and delivery groups. Five queries whatever the number of campaigns:
// one per level, each scoped by the same join, assembled here in id order.
import type { Row } from '../lib/db-types.ts'
import type { PhpAssoc } from '../lib/format/php-value.ts'
import type { Handler } from './types.ts'

/** The caller's campaigns, as a join every level repeats (no id lists to ship back). */
function campaignScope(advertiserId: string | null): string {
  return `JOIN advertisers a ON a.id = c.advertiser_id
WHERE a.account_id = ? AND c.status <> 'archived'${advertiserId === null ? '' : ' AND c.advertiser_id = ?'}`
}

const campaignsSql = (scope: string) => `
SELECT c.id AS campaign_id, c.name AS campaign_name, c.advertiser_id, c.status, c.start_date, c.end_date, c.budget
FROM campaigns c ${scope}
ORDER BY c.id`

const sitesSql = (scope: string) => `
SELECT s.campaign_id AS parent_id, s.id AS site_id, s.name AS site_name, s.url
FROM sites s JOIN campaigns c ON c.id = s.campaign_id ${scope}
ORDER BY s.id`

const placementsSql = (scope: string) => `
SELECT p.site_id AS parent_id, p.id AS placement_id, p.name AS placement_name, CONCAT(p.width, 'x', p.height) AS size
FROM placements p JOIN sites s ON s.id = p.site_id JOIN campaigns c ON c.id = s.campaign_id ${scope}
ORDER BY p.id`

const adUnitsSql = (scope: string) => `
SELECT u.placement_id AS parent_id, u.id AS ad_unit_id, u.name AS ad_unit_name, u.unit_type, u.click_url
FROM ad_units u JOIN placements p ON p.id = u.placement_id JOIN sites s ON s.id = p.site_id
JOIN campaigns c ON c.id = s.campaign_id ${scope}
ORDER BY u.id`

const deliveryGroupsSql = (scope: string) => `
SELECT g.campaign_id AS parent_id, g.id AS delivery_group_id, g.name AS delivery_group_name,
  g.start_date, g.end_date, g.impression_goal
FROM delivery_groups g JOIN campaigns c ON c.id = g.campaign_id ${scope}
ORDER BY g.id`

/**
 * Rows (ordered by their own id) grouped under their parent's id, without the
 * parent_id column, each completed by `build` (its own children).
 */
export function childrenByParent(
  rows: readonly Row[],
  build: (child: PhpAssoc) => PhpAssoc = (child) => child,
): Map<string, PhpAssoc[]> {
  const byParent = new Map<string, PhpAssoc[]>()
  for (const { parent_id: parentId, ...child } of rows) {
    const key = String(parentId)
    const siblings = byParent.get(key) ?? []
    if (siblings.length === 0) byParent.set(key, siblings)
    siblings.push(build(child))
  }
  return byParent
}

const childrenOf = (byParent: Map<string, PhpAssoc[]>, id: PhpAssoc[string] | undefined): PhpAssoc[] =>
  byParent.get(String(id)) ?? []

export const campaigns: Handler = async ({ db, accountId, params }) => {
  const scope = campaignScope(params.advertiserId)
  const scopeParams = params.advertiserId === null ? [accountId] : [accountId, params.advertiserId]
  const campaignRows = await db.console.query(campaignsSql(scope), scopeParams)
  if (campaignRows.length === 0) return []

  // One after the other: they share the request's single connection, and each
  // query's time budget should measure that query, not a queue.
  const sites = await db.console.query(sitesSql(scope), scopeParams)
  const placements = await db.console.query(placementsSql(scope), scopeParams)
  const adUnits = await db.console.query(adUnitsSql(scope), scopeParams)
  const deliveryGroups = await db.console.query(deliveryGroupsSql(scope), scopeParams)
  const adUnitsByPlacement = childrenByParent(adUnits)
  const placementsBySite = childrenByParent(placements, (p) => ({
    ...p,
    ad_units: childrenOf(adUnitsByPlacement, p.placement_id),
  }))
  const sitesByCampaign = childrenByParent(sites, (s) => ({
    ...s,
    placements: childrenOf(placementsBySite, s.site_id),
  }))
  const groupsByCampaign = childrenByParent(deliveryGroups)
  return campaignRows.map((campaign) => ({
    ...campaign,
    sites: childrenOf(sitesByCampaign, campaign.campaign_id),
    delivery_groups: childrenOf(groupsByCampaign, campaign.campaign_id),
  }))
}
