/**
 * Tests of the built package (bin, npm pack, the pytest fixture's spawned server) need dist/
 * up to date with the sources: scripts/build.js compiles only when something changed, and
 * waits for a concurrent build of another test worker.
 */
import { execFileSync } from 'child_process';
import path from 'path';

export const ROOT = path.join(__dirname, '..', '..');

export function ensureBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), '--quiet'], { stdio: 'inherit', timeout: 300000 });
}
