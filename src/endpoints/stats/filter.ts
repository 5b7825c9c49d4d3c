// The scope every aggregate_ro query shares: the caller's account and the
// date range (the leading columns of the ix_*_account_date indexes), and the
// advertiser when the endpoint reads it and it was given.
import type { LegacyParams } from '../../domain/vocabulary.ts'

export interface StatsFilter {
  /** A WHERE clause over the table's own columns, with `?` placeholders. */
  where: string
  args: unknown[]
}

export function statsFilter(accountId: number, params: LegacyParams, byAdvertiser: boolean): StatsFilter {
  const where = 'account_id = ? AND stat_date BETWEEN ? AND ?'
  const args: unknown[] = [accountId, params.from, params.to]
  if (!byAdvertiser || params.advertiserId === null) return { where, args }
  return { where: `${where} AND advertiser_id = ?`, args: [...args, params.advertiserId] }
}
