/** What the figures were measured on: they mean little without it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { withClient } from './postgres';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  /** file system of the database's data directory: fsync on tmpfs would cost nothing */
  dataFs: string | null;
}

function nproc(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return os.availableParallelism();
  }
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match ? match[1].trim() : os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

function fsType(dir: string | null): string | null {
  if (!dir) return null;
  try {
    return execFileSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export async function machineInfo(databaseUrl: string, dataDir: string | null): Promise<MachineInfo> {
  const postgres = await withClient(databaseUrl, async (c) => (await c.query('SELECT version() AS v')).rows[0].v as string);
  return {
    cpus: nproc(),
    cpuModel: cpuModel(),
    memoryGb: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    dataFs: fsType(dataDir),
  };
}
