// Which processes serve what, and what they cost: CPU time and memory read
// from /proc (Linux), so the Worker, the PHP reference and the database are
// measured the same way, side by side.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

const CLOCK_TICKS_PER_SECOND = 100

interface ProcStat {
  pid: number
  ppid: number
  comm: string
  ticks: number
}

function stat(pid: number): ProcStat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ')
    return {
      pid,
      ppid: Number(fields[1]),
      comm: raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')')),
      ticks: Number(fields[11]) + Number(fields[12]),
    }
  } catch {
    return null // gone
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => stat(Number(entry)))
    .filter((p): p is ProcStat => p !== null)
}

/** A process and all its descendants. */
export function processTree(rootPid: number): number[] {
  const processes = allProcesses()
  const tree = new Set([rootPid])
  for (let grown = true; grown;) {
    grown = false
    for (const p of processes) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid)
        grown = true
      }
    }
  }
  return [...tree]
}

/**
 * The top of a server's process family: a pre-forking server (php -S with
 * workers) has its workers listen on the same socket, so the listener found
 * may be a worker; its ancestors running the same program are the server too.
 */
export function serverRoot(pid: number): number {
  let root = pid
  for (;;) {
    const self = stat(root)
    const parent = self ? stat(self.ppid) : null
    if (!self || !parent || parent.comm !== self.comm) return root
    root = parent.pid
  }
}

/** The processes named `comm` in a tree. */
export function named(pids: number[], comm: string): number[] {
  return pids.filter((pid) => stat(pid)?.comm === comm)
}

/** The process listening on a local TCP port (ss -ltnp). */
export function listenerPid(port: number): number | null {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' })
    const match = /pid=(\d+)/.exec(out)
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** User + system CPU milliseconds used so far by the processes (children that exited not included). */
export function cpuMs(pids: number[]): number {
  let ticks = 0
  for (const pid of pids) ticks += stat(pid)?.ticks ?? 0
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

/** Resets the kernel's peak-RSS mark of each process (needs permission to write clear_refs). */
export function resetPeakRss(pids: number[]): boolean {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** Current and peak RSS in MiB, per process. */
export function memoryMb(pids: number[]): { pid: number; rss: number; peak: number }[] {
  return pids.map((pid) => ({ pid, rss: statusKb(pid, 'VmRSS') / 1024, peak: statusKb(pid, 'VmHWM') / 1024 }))
}

/**
 * Waits until the processes are idle: under `percent` of one core over a
 * `windowMs` window, at most `timeoutMs` in all. After a bulk load MariaDB
 * keeps purging undo logs and flushing pages for a minute or more; measured
 * during that, its background work is charged to whichever side runs then.
 * Returns the last window's CPU share (percent), idle or not.
 */
export async function settle(
  pids: number[],
  { percent = 2, windowMs = 2_000, timeoutMs = 120_000 } = {},
): Promise<number> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const before = cpuMs(pids)
    await new Promise((resolve) => setTimeout(resolve, windowMs))
    const share = ((cpuMs(pids) - before) / windowMs) * 100
    if (share < percent || Date.now() >= until) return share
  }
}
