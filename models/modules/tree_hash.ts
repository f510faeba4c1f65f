/**
 * Content hash of a folder (the code and data a database image is built from), for the template
 * image cache key. Reading every file costs ~20 ms at each start; the hash is kept in the system's
 * temporary directory next to the images, keyed by the folder's listing with sizes and
 * modification times, so an unchanged folder costs a walk of stat calls (~5 ms). Any change of a
 * file's size or time, or a file added or removed, makes the contents be read and hashed again.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

const CACHE_FILE = path.join(os.tmpdir(), 'odoo-emulator-tree-hashes.json');

interface FileEntry { path: string; name: string; size: number; mtimeMs: number }

function listFiles(dir: string): FileEntry[] {
  const out: FileEntry[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p); } else {
        const st = fs.statSync(p);
        out.push({ path: p, name: e.name, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  walk(dir);
  return out;
}

function readCache(): Record<string, { listing: string; hash: string }> {
  try { return JSON.parse(fs.readFileSync(CACHE_FILE, 'utf8')); } catch { return {}; }
}

/** sha1 of the folder's file names and contents, in name order (node_modules and dot files left out). */
export function treeHash(dir: string): string {
  const files = listFiles(dir);
  const listing = crypto.createHash('sha1').update(files.map((f) => `${f.path}\0${f.size}\0${f.mtimeMs}`).join('\n')).digest('hex');
  const cache = readCache();
  const known = cache[dir];
  if (known && known.listing === listing) return known.hash;
  const h = crypto.createHash('sha1');
  for (const f of files) h.update(f.name).update(fs.readFileSync(f.path));
  const hash = h.digest('hex');
  // written whole under a temporary name: concurrent starts never read half a file
  try {
    const tmp = `${CACHE_FILE}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ ...cache, [dir]: { listing, hash } }));
    fs.renameSync(tmp, CACHE_FILE);
  } catch { /* a read-only temporary directory only costs the next start a full read */ }
  return hash;
}
