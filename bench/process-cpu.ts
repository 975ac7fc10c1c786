/** CPU time of this process and of a process group (the broker a bench started), for "CPU per unit" figures. */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) of every process in a process group, from /proc; undefined where
 * there is no /proc. The broker started for a run is such a group.
 */
export function groupCpuSeconds(group: number | undefined): number | undefined {
  if (group === undefined || process.platform !== 'linux') return undefined;
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // Fields after the command name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

export interface CpuSpent {
  /** This process, ms. */
  readonly clientMs: number;
  /** The process group, ms; undefined without one (or without /proc). */
  readonly groupMs: number | undefined;
}

/** Runs `work` and returns its result with the CPU this process and `group` spent meanwhile. */
export async function withCpu<T>(group: number | undefined, work: () => Promise<T>): Promise<{ result: T; cpu: CpuSpent }> {
  const groupBefore = groupCpuSeconds(group);
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  const groupAfter = groupCpuSeconds(group);
  const groupMs = groupBefore !== undefined && groupAfter !== undefined ? (groupAfter - groupBefore) * 1000 : undefined;
  return { result, cpu: { clientMs: (used.user + used.system) / 1000, groupMs } };
}
