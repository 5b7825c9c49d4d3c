// CPU time and memory of the workerd processes behind a local stack, read
// from /proc (Linux): the benchmark's CPU-ms per request and peak memory.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

const CLOCK_TICKS_PER_SECOND = 100

/** Pids of the workerd processes in a process group (the wrangler dev group). */
export function workerdPids(groupId: number): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const pgrp = Number(fields[2])
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      if (pgrp === groupId && comm.startsWith('workerd')) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}

/** User + system CPU milliseconds used so far by the processes. */
export function cpuMs(pids: number[]): number {
  let ticks = 0
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11]) + Number(fields[12])
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) : 0
}

/** Resets the kernel's peak-RSS mark (needs permission to write clear_refs; best effort). */
export function resetPeakRss(pids: number[]): boolean {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

export function rssMb(pids: number[]): { rss: number; peak: number } {
  let rss = 0
  let peak = 0
  for (const pid of pids) {
    rss += statusKb(pid, 'VmRSS')
    peak += statusKb(pid, 'VmHWM')
  }
  return { rss: rss / 1024, peak: peak / 1024 }
}
