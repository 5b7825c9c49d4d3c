// The server's own time limit around every SELECT, in the form each server
// takes: MariaDB's SET STATEMENT max_statement_time (seconds), MySQL 8's
// MAX_EXECUTION_TIME optimizer hint (milliseconds).
import { describe, expect, it } from 'vitest'
import { withStatementLimit } from '@adventive/worker-kit/db'

describe('withStatementLimit', () => {
  it('wraps a statement for MariaDB in SET STATEMENT with the limit in seconds', () => {
    expect(withStatementLimit('SELECT 1', 1500, true)).toBe(
      'SET STATEMENT max_statement_time=1.500 FOR SELECT 1',
    )
    expect(withStatementLimit('\n  select x FROM t', 250, true)).toBe(
      'SET STATEMENT max_statement_time=0.250 FOR \n  select x FROM t',
    )
  })

  it('puts the MAX_EXECUTION_TIME hint right after SELECT for MySQL 8, in milliseconds', () => {
    expect(withStatementLimit('SELECT 1', 1500, false)).toBe('SELECT /*+ MAX_EXECUTION_TIME(1500) */ 1')
    expect(withStatementLimit('\n  select a, b FROM t WHERE x = ?', 20, false)).toBe(
      '\n  select /*+ MAX_EXECUTION_TIME(20) */ a, b FROM t WHERE x = ?',
    )
  })

  it('rounds the limit up to whole milliseconds and never below 1', () => {
    expect(withStatementLimit('SELECT 1', 0.2, false)).toBe('SELECT /*+ MAX_EXECUTION_TIME(1) */ 1')
    expect(withStatementLimit('SELECT 1', 0, false)).toBe('SELECT /*+ MAX_EXECUTION_TIME(1) */ 1')
    expect(withStatementLimit('SELECT 1', -5, true)).toBe(
      'SET STATEMENT max_statement_time=0.001 FOR SELECT 1',
    )
    expect(withStatementLimit('SELECT 1', 1234.01, true)).toBe(
      'SET STATEMENT max_statement_time=1.235 FOR SELECT 1',
    )
  })

  it('limits the first SELECT of a union only once, which covers the whole statement', () => {
    const sql = 'SELECT 1 UNION ALL SELECT 2'
    expect(withStatementLimit(sql, 100, false)).toBe(
      'SELECT /*+ MAX_EXECUTION_TIME(100) */ 1 UNION ALL SELECT 2',
    )
  })

  it('refuses to limit anything but a SELECT on MySQL (the hint would be ignored silently)', () => {
    expect(() => withStatementLimit('WITH x AS (SELECT 1) SELECT * FROM x', 100, false)).toThrow(TypeError)
    expect(() => withStatementLimit('SELECTED', 100, false)).toThrow(TypeError)
  })
})
