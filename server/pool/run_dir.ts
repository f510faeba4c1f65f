/**
 * The private run directory of a server with a worker pool: the state its processes share
 * (state.sqlite, journal.sqlite) and, for `-D :memory:`, its databases and sessions (processes
 * cannot share an SQLite in-memory database). It lives in /dev/shm when there is one (memory,
 * like the in-process :memory: databases it stands for), else in the temporary directory, and
 * is removed when the server stops; directories left by a killed server are removed by the next
 * one that starts (their process id is in the name).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';

const PREFIX = 'odoo-emulator-run-';

function baseDir(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove run directories whose server process is gone. */
function sweep(base: string): void {
  let names: string[];
  try { names = fs.readdirSync(base); } catch { return; }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
}

export function createRunDir(): string {
  const base = baseDir();
  sweep(base);
  const dir = path.join(base, `${PREFIX}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function removeRunDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
