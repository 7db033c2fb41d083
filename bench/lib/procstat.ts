/**
 * CPU and memory of the processes under test, from /proc (Linux only; elsewhere the figures are
 * null). The server, PostgreSQL and the load generator share the same cores, so all three are
 * measured: a run that saturates one of them says where the time went.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** clock ticks per second of /proc/<pid>/stat times; 100 on every Linux we run on */
const HZ = 100;

/** Fields of /proc/<pid>/stat after the parenthesised command name (which may hold spaces). */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime (+ reaped children's, for a postmaster whose backends come and go), seconds */
export function cpuSeconds(pid: number, withReapedChildren = false): number | null {
  const f = statFields(pid);
  if (!f) return null;
  // after the name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime
  const ticks = Number(f[11]) + Number(f[12]) + (withReapedChildren ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / HZ;
}

/** All of PostgreSQL: the postmaster, its live children, and the children it has reaped. */
export function postgresCpuSeconds(postmasterPid: number): number | null {
  let total = cpuSeconds(postmasterPid, true);
  if (total == null) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === postmasterPid) total += (Number(f[11]) + Number(f[12])) / HZ;
  }
  return total;
}

/**
 * CPU seconds of a server and of its live child processes (the workers a WORKERS > 1 primary
 * forks), by pid: the server's own first.
 */
export function processTreeCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  const own = cpuSeconds(pid);
  if (own == null) return out;
  out.set(pid, own);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === pid) out.set(Number(entry), (Number(f[11]) + Number(f[12])) / HZ);
  }
  return out;
}

/** RSS of a server and its live children together, MB. */
export function treeRssMb(pid: number): number | null {
  const own = statusMb(pid, 'VmRSS');
  if (own == null) return null;
  let total = own;
  for (const child of processTreeCpuSeconds(pid).keys()) if (child !== pid) total += statusMb(child, 'VmRSS') ?? 0;
  return total;
}

/** A line of /proc/<pid>/status in MB, e.g. VmRSS or VmHWM. */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
export function machineBusySeconds(): number | null {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number); // idle and iowait are not busy
    return (user + nice + system + irq + softirq + (steal || 0)) / HZ;
  } catch {
    return null;
  }
}

/**
 * Seconds the hypervisor ran other guests while this machine's cores wanted to run (steal),
 * summed over the cores: on a shared virtual machine, the share of a run it took away.
 */
export function machineStealSeconds(): number | null {
  try {
    const steal = Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)[8]);
    return Number.isFinite(steal) ? steal / HZ : null;
  } catch {
    return null;
  }
}

export interface Usage {
  wallS: number;
  serverCpuS: number | null;
  /** % of one core */
  serverCpuPct: number | null;
  /** of the server and its workers together, when it has any */
  serverPeakRssMb: number | null;
  /** with WORKERS > 1: each process of the server (the primary first), % of one core */
  serverProcesses: Array<{ pid: number; cpuPct: number }>;
  postgresCpuS: number | null;
  postgresCpuPct: number | null;
  /** this process and the children it reaped meanwhile: autocannon, pgbench, the node clients */
  loadgenCpuPct: number | null;
  /**
   * everything else on the machine (other people's tests, the kernel's own threads): when this
   * is more than a few %, the run shared the cores with work that is not ours
   */
  otherCpuPct: number | null;
}

/**
 * Measures from now to stop(); polls the server's RSS every 100 ms for its peak. A PostgreSQL
 * backend whose client just left takes a moment to exit and be reaped into the postmaster's
 * cutime: `settleMs` waits for that before reading CPU (the wall time is taken at the call).
 */
export function monitor(serverPid: number | null, postmasterPid: number | null) {
  const t0 = process.hrtime.bigint();
  const self0 = cpuSeconds(process.pid, true);
  const machine0 = machineBusySeconds();
  const tree0 = serverPid ? processTreeCpuSeconds(serverPid) : new Map<number, number>();
  const pg0 = postmasterPid ? postgresCpuSeconds(postmasterPid) : null;
  let peak = serverPid ? treeRssMb(serverPid) : null;
  const poll = setInterval(() => {
    const rss = serverPid ? treeRssMb(serverPid) : null;
    if (rss != null && (peak == null || rss > peak)) peak = rss;
  }, 100);
  return {
    async stop(settleMs = 0): Promise<Usage> {
      clearInterval(poll);
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
      const self1 = cpuSeconds(process.pid, true);
      const machine1 = machineBusySeconds();
      const tree1 = serverPid ? processTreeCpuSeconds(serverPid) : new Map<number, number>();
      const pg1 = postmasterPid ? postgresCpuSeconds(postmasterPid) : null;
      // processes alive at both ends (a worker replaced meanwhile is not counted)
      const perProcess = [...tree1].filter(([pid]) => tree0.has(pid)).map(([pid, s]) => ({ pid, cpuS: s - tree0.get(pid)! }));
      const serverCpuS = perProcess.length ? perProcess.reduce((a, p) => a + p.cpuS, 0) : null;
      const postgresCpuS = pg0 != null && pg1 != null ? pg1 - pg0 : null;
      const pct = (s: number | null) => (s == null ? null : (100 * s) / wallS);
      const loadgenS = self0 != null && self1 != null ? self1 - self0 : null;
      const ours = (serverCpuS ?? 0) + (postgresCpuS ?? 0) + (loadgenS ?? 0);
      const otherS = machine0 != null && machine1 != null ? Math.max(0, machine1 - machine0 - ours) : null;
      return {
        wallS,
        serverCpuS,
        serverCpuPct: pct(serverCpuS),
        serverPeakRssMb: peak,
        serverProcesses: perProcess.map((p) => ({ pid: p.pid, cpuPct: (100 * p.cpuS) / wallS })),
        postgresCpuS,
        postgresCpuPct: pct(postgresCpuS),
        loadgenCpuPct: pct(loadgenS),
        otherCpuPct: postmasterPid ? pct(otherS) : null,
      };
    },
  };
}
