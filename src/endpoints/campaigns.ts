// GET /campaigns: the account's campaigns (all but archived) with their site
// tree and delivery groups. One query returns every level in tree order
// (each campaign, then its sites each followed by their placements and ad
// units, then its delivery groups), so the campaigns stream one finished
// tree at a time and never all at once. With advertiser_id, the same query
// first says whether the advertiser is the account's (the ownership check,
// without a round trip of its own).
import type { RowValues } from '@adventive/worker-kit/db'
import { LegacyError, LegacyMessage } from '../domain/legacy-error.ts'
import { lazyList, type PhpAssoc, type PhpValue } from '../render/php-value.ts'
import { defineEndpoint } from './endpoint.ts'

/** The caller's campaigns, as a join every level repeats (no id lists to ship back). */
function campaignScope(advertiserId: bigint | null): string {
  return `JOIN advertisers a ON a.id = c.advertiser_id
WHERE a.account_id = ? AND c.status <> 'archived'${advertiserId === null ? '' : ' AND c.advertiser_id = ?'}`
}

// Every level as one row shape: the level, the sort keys, then up to seven
// values. Values are cast to text so the union keeps each column's own text
// (a DECIMAL budget must not be widened by another branch's type) and one
// collation (utf8mb4_bin URLs next to utf8mb4_unicode_ci names).
const text = (expr: string) => `CAST(${expr} AS CHAR)`
const NONE = 'NULL'
/** Values per row: a campaign has the most (seven). */
const VALUES = 7

function level(
  kind: number,
  keys: [
    campaign: string,
    group: number,
    site: string,
    placement: string,
    adUnit: string,
    deliveryGroup: string,
  ],
  values: string[],
  from: string,
): string {
  const padded = [...values.map(text), ...Array<string>(VALUES - values.length).fill(NONE)]
  return `SELECT ${kind} AS kind, ${keys[0]} AS campaign_key, ${keys[1]} AS group_key, ${keys[2]} AS site_key,
  ${keys[3]} AS placement_key, ${keys[4]} AS ad_unit_key, ${keys[5]} AS delivery_group_key,
  ${padded.map((v, i) => `${v} AS v${i}`).join(', ')}
FROM ${from}`
}

/** The row that proves advertiser_id is the account's (any status); it sorts first. */
const OWNED_ADVERTISER = -1
const CAMPAIGN = 0
const SITE = 1
const PLACEMENT = 2
const AD_UNIT = 3
const DELIVERY_GROUP = 4

/** `ownedMarker`: lead with the ownership row (placeholders: advertiser id, account id). */
function treeSql(scope: string, ownedMarker: boolean): string {
  const marker = level(
    OWNED_ADVERTISER,
    [String(OWNED_ADVERTISER), 0, NONE, NONE, NONE, NONE],
    [],
    'advertisers WHERE id = ? AND account_id = ?',
  )
  return (
    [
      ...(ownedMarker ? [marker] : []),
      level(
        CAMPAIGN,
        ['c.id', 0, NONE, NONE, NONE, NONE],
        ['c.id', 'c.name', 'c.advertiser_id', 'c.status', 'c.start_date', 'c.end_date', 'c.budget'],
        `campaigns c ${scope}`,
      ),
      level(
        SITE,
        ['s.campaign_id', 1, 's.id', NONE, NONE, NONE],
        ['s.id', 's.name', 's.url'],
        `sites s JOIN campaigns c ON c.id = s.campaign_id ${scope}`,
      ),
      level(
        PLACEMENT,
        ['s.campaign_id', 1, 's.id', 'p.id', NONE, NONE],
        ['p.id', 'p.name', "CONCAT(p.width, 'x', p.height)"],
        `placements p JOIN sites s ON s.id = p.site_id JOIN campaigns c ON c.id = s.campaign_id ${scope}`,
      ),
      level(
        AD_UNIT,
        ['s.campaign_id', 1, 's.id', 'p.id', 'u.id', NONE],
        ['u.id', 'u.name', 'u.unit_type', 'u.click_url'],
        `ad_units u JOIN placements p ON p.id = u.placement_id JOIN sites s ON s.id = p.site_id
JOIN campaigns c ON c.id = s.campaign_id ${scope}`,
      ),
      level(
        DELIVERY_GROUP,
        ['g.campaign_id', 2, NONE, NONE, NONE, 'g.id'],
        ['g.id', 'g.name', 'g.start_date', 'g.end_date', 'g.impression_goal'],
        `delivery_groups g JOIN campaigns c ON c.id = g.campaign_id ${scope}`,
      ),
    ].join('\nUNION ALL\n') +
    '\nORDER BY campaign_key, group_key, site_key, placement_key, ad_unit_key, delivery_group_key'
  )
}

const FIRST_VALUE = 7

/** Assembles campaigns from the rows in tree order; hands each one over once it is complete. */
class TreeBuilder {
  private campaign: PhpAssoc | null = null
  private site: PhpAssoc | null = null
  private placement: PhpAssoc | null = null

  /** Adds one row; returns the previous campaign when this row starts a new one. */
  add(row: RowValues): PhpAssoc | null {
    const v = (i: number) => row[FIRST_VALUE + i] ?? null
    switch (Number(row[0])) {
      case CAMPAIGN: {
        const done = this.campaign
        this.campaign = {
          campaign_id: v(0),
          campaign_name: v(1),
          advertiser_id: v(2),
          status: v(3),
          start_date: v(4),
          end_date: v(5),
          budget: v(6),
          sites: [],
          delivery_groups: [],
        }
        this.site = null
        this.placement = null
        return done
      }
      case SITE:
        this.site = { site_id: v(0), site_name: v(1), url: v(2), placements: [] }
        ;(this.campaign!.sites as PhpValue[]).push(this.site)
        return null
      case PLACEMENT:
        this.placement = { placement_id: v(0), placement_name: v(1), size: v(2), ad_units: [] }
        ;(this.site!.placements as PhpValue[]).push(this.placement)
        return null
      case AD_UNIT:
        ;(this.placement!.ad_units as PhpValue[]).push({
          ad_unit_id: v(0),
          ad_unit_name: v(1),
          unit_type: v(2),
          click_url: v(3),
        })
        return null
      default:
        ;(this.campaign!.delivery_groups as PhpValue[]).push({
          delivery_group_id: v(0),
          delivery_group_name: v(1),
          start_date: v(2),
          end_date: v(3),
          impression_goal: v(4),
        })
        return null
    }
  }

  /** The last campaign, once the rows are exhausted. */
  finish(): PhpAssoc | null {
    const done = this.campaign
    this.campaign = null
    return done
  }
}

export const campaigns = defineEndpoint({
  name: 'campaigns',
  params: ['advertiser_id', 'version'],
  ownership: 'handler',
  handler: async ({ db, accountId, params }) => {
    const { advertiserId } = params
    const scope = campaignScope(advertiserId)
    const scopeParams = advertiserId === null ? [accountId] : [accountId, advertiserId]
    // Every branch of the union repeats the scope's placeholders.
    const args = [
      ...(advertiserId === null ? [] : [advertiserId, accountId]),
      ...Array<unknown[]>(5).fill(scopeParams).flat(),
    ]
    const rows = db.console.stream(treeSql(scope, advertiserId !== null), args)
    const tree = new TreeBuilder()
    let ownershipPending = advertiserId !== null
    let finished = false
    return lazyList(
      async () => {
        if (finished) return null
        for (;;) {
          const batch = await rows.next()
          const done: PhpAssoc[] = []
          if (ownershipPending) {
            if (batch === null || batch.length === 0 || Number(batch[0]![0]) !== OWNED_ADVERTISER) {
              rows.cancel()
              throw new LegacyError(404, LegacyMessage.advertiserNotFound)
            }
            ownershipPending = false
            batch.shift()
          }
          if (batch === null) {
            finished = true
            const last = tree.finish()
            return last === null ? null : [last]
          }
          for (const row of batch) {
            const complete = tree.add(row)
            if (complete !== null) done.push(complete)
          }
          if (done.length > 0) return done
        }
      },
      () => rows.cancel(),
    )
  },
})
