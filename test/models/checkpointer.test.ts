/**
 * WAL checkpoints of file databases run in a worker thread (models/orm/checkpointer.ts): the
 * thread copies the WAL back into the database file while the main connection only counts its
 * commits, the WAL stays bounded under write load, and every operation that closes, drops or
 * replaces a file stops the thread's connection first and leaves no thread behind.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawn } from 'child_process';
import Sqlite from 'better-sqlite3';
import { DatabaseManager, type Database } from '../../models/database';
import { checkpointThreadState, checkpointThreadsExited } from '../../models/orm/checkpointer';
import { TEMPLATE_DIR } from '../helpers/server';
import { tsBootstrap } from '../../models/template_thread';

const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-ckpt-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

/** Until `cond` holds (the thread works on its own schedule); fails the test after a long while. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** The WAL file's size: it grows while frames are appended and is rewritten from its start after a complete checkpoint. */
const walSize = (db: Database): number => { try { return fs.statSync(`${db.file}-wal`).size; } catch { return 0; } };

/** A table of the test's own filled by transactions of `bytes` random bytes each. */
function loadTable(db: Database): (bytes: number) => void {
  db.cr.transaction(() => db.cr.exec('CREATE TABLE IF NOT EXISTS ckpt_load (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)'));
  return (bytes) => db.cr.transaction(() => { db.cr.run('INSERT INTO ckpt_load (payload) VALUES (?)', [crypto.randomBytes(bytes)]); });
}

function partnerNames(db: Database): string[] {
  return db.cr.all<{ name: string }>("SELECT name FROM res_partner WHERE name LIKE 'ckpt %' ORDER BY id").map((r) => r.name);
}

function createPartners(db: Database, prefix: string, n: number): string[] {
  const names = Array.from({ length: n }, (_, i) => `ckpt ${prefix} ${i}`);
  for (const name of names) db.cr.transaction(() => db.env().model('res.partner').create({ name }));
  return names;
}

describe('WAL checkpoints in a thread', () => {
  it('the thread copies the WAL into the database file: the file alone holds every commit', async () => {
    const dbm = new DatabaseManager(dataDir(), { templateDir: TEMPLATE_DIR });
    try {
      const db = dbm.create('ckpt_copy');
      expect(db.checkpointing).not.toBeNull();
      // the main connection never checkpoints: whatever reaches the file, the thread copied
      db.sqlite.pragma('wal_autocheckpoint = 0');
      const before = checkpointThreadState().checkpoints;
      const names = createPartners(db, 'copy', 30);
      await until(() => db.checkpointing!.settled(), 'a complete checkpoint after the last commit');
      expect(checkpointThreadState().checkpoints).toBeGreaterThan(before);
      // the database file without its WAL (a copy next to an empty one) has all 30 partners
      const copy = path.join(path.dirname(db.file!), 'file_only.sqlite');
      fs.copyFileSync(db.file!, copy);
      const fileOnly = new Sqlite(copy, { readonly: true });
      try {
        const rows = fileOnly.prepare("SELECT name FROM res_partner WHERE name LIKE 'ckpt copy %' ORDER BY id").all() as Array<{ name: string }>;
        expect(rows.map((r) => r.name)).toEqual(names);
      } finally {
        fileOnly.close();
      }
    } finally {
      dbm.closeAll();
    }
  });

  it('the WAL stays bounded by what is written between two checkpoints, the main connection never checkpointing', async () => {
    const dbm = new DatabaseManager(dataDir(), { templateDir: TEMPLATE_DIR });
    try {
      const db = dbm.create('ckpt_bound');
      db.sqlite.pragma('wal_autocheckpoint = 0');
      const write = loadTable(db);
      const ROUNDS = 30;
      const PER_ROUND = 20;
      const BYTES = 16384;
      let largest = 0;
      let firstRound = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < PER_ROUND; i++) write(BYTES);
        largest = Math.max(largest, walSize(db));
        if (round === 0) firstRound = walSize(db);
        // the server between requests: the thread checkpoints, the next transaction rewinds the WAL
        await until(() => db.checkpointing!.settled(), `checkpoint after round ${round}`);
      }
      const written = ROUNDS * PER_ROUND * BYTES;
      // without checkpoints the WAL would hold every round (~10 MB); it never outgrows the first
      expect(largest).toBeLessThanOrEqual(firstRound);
      expect(largest * 10).toBeLessThan(written);
      expect(db.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM ckpt_load')!.n).toBe(ROUNDS * PER_ROUND);
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      dbm.closeAll();
    }
  });

  it('a writer that never pauses keeps a bounded WAL: the thread leaves the last frames to the main connection\'s own checkpoint at its threshold', async () => {
    const dbm = new DatabaseManager(dataDir(), { templateDir: TEMPLATE_DIR });
    try {
      const db = dbm.create('ckpt_continuous');
      // the safety net at 500 pages (2 MB) instead of 10000, for a short test
      db.checkpointOnConnection();
      db.sqlite.pragma('wal_autocheckpoint = 500');
      db.checkpointOffThread();
      const frameSize = (db.sqlite.pragma('page_size', { simple: true }) as number) + 24;
      let largest = 0;
      // partners created one after the other in a synchronous loop, as a server under a steady
      // stream of requests: the thread never finds the writer paused for long
      const partners = db.env().model('res.partner');
      for (let i = 0; i < 1500; i++) {
        db.cr.transaction(() => partners.create({ name: `ckpt continuous ${i}`, comment: crypto.randomBytes(4096).toString('hex') }));
        largest = Math.max(largest, walSize(db));
      }
      // ~30 MB of frames written; the WAL holds the threshold's 500 and the transactions that
      // came while a checkpoint of the thread kept the lock, never what was written in total
      expect(largest).toBeLessThan(4 * 500 * frameSize);
      expect(db.cr.get<{ n: number }>("SELECT COUNT(*) AS n FROM res_partner WHERE name LIKE 'ckpt continuous %'")!.n).toBe(1500);
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      dbm.closeAll();
    }
  });
});

/**
 * Runs test/models/fixtures/checkpoint_writer.ts in a new Node process, its TypeScript compiled
 * on the fly (models/template_thread.ts tsBootstrap: ts.transpileModule as the `.ts` loader).
 */
const WRITER_BOOTSTRAP = tsBootstrap('process.argv[1]');

interface Writer { committed: string[]; checkpoints: number; exited: Promise<{ code: number | null; signal: string | null }>; kill(): void }

function startWriter(dir: string, limit: number, onLine: (w: Writer) => void = () => {}): Writer {
  const entry = path.join(__dirname, 'fixtures', 'checkpoint_writer.ts');
  const child = spawn(process.execPath, ['-e', WRITER_BOOTSTRAP, entry, dir, String(limit)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let rest = '';
  let stderr = '';
  const writer: Writer = {
    committed: [],
    checkpoints: 0,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    kill: () => { child.kill('SIGKILL'); },
  };
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const [name, checkpoints] = line.split('\t');
      writer.committed.push(name);
      writer.checkpoints = Number(checkpoints);
      onLine(writer);
    }
  });
  void writer.exited.then(({ code }) => { if (code) process.stderr.write(`checkpoint writer failed: ${stderr}`); });
  return writer;
}

describe('a process writing with the checkpoint thread', () => {
  it('killed with SIGKILL while the thread checkpoints: every committed transaction is there after the restart', async () => {
    const dir = dataDir();
    const writer = startWriter(dir, 0, (w) => {
      // killed once the thread has copied frames and the writer went on past them
      if (w.committed.length >= 150 && w.checkpoints > 0) w.kill();
    });
    const { signal } = await writer.exited;
    expect(signal).toBe('SIGKILL');
    expect(writer.checkpoints).toBeGreaterThan(0);
    const dbm = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR });
    try {
      const db = dbm.get('ckpt_proc');
      const there = new Set(db.cr.all<{ name: string }>("SELECT name FROM res_partner WHERE name LIKE 'ckpt proc %'").map((r) => r.name));
      expect(writer.committed.filter((n) => !there.has(n))).toEqual([]);
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      dbm.closeAll();
    }
  });

  it('a process that returns without closing its databases exits: the thread does not keep it alive', async () => {
    const dir = dataDir();
    const writer = startWriter(dir, 40);
    expect(await writer.exited).toEqual({ code: 0, signal: null });
    expect(writer.committed).toHaveLength(40);
    const dbm = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR });
    try {
      expect(dbm.get('ckpt_proc').cr.all<{ name: string }>("SELECT name FROM res_partner WHERE name LIKE 'ckpt proc %' ORDER BY id").map((r) => r.name)).toEqual(writer.committed);
    } finally {
      dbm.closeAll();
    }
  });
});

describe('database lifecycle with an active checkpoint thread', () => {
  it('drop, duplicate, backup, restore, rename and reset work and closing the manager leaves no thread', async () => {
    const dir = dataDir();
    const dbm = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR });
    const db = dbm.create('ckpt_life');
    const names = createPartners(db, 'life', 5);
    expect(checkpointThreadState()).toMatchObject({ running: true, databases: 1 });

    // duplicate: the copy is a second database of the thread, with the same partners
    dbm.duplicate('ckpt_life', 'ckpt_life_copy');
    expect(checkpointThreadState().databases).toBe(2);
    const copy = dbm.get('ckpt_life_copy');
    expect(partnerNames(copy)).toEqual(names);
    createPartners(copy, 'copy only', 2);

    // backup (Odoo's zip) and restore under a new name, while the source keeps being written
    const zip = dbm.dumpZip('ckpt_life');
    createPartners(db, 'after backup', 1);
    dbm.restore('ckpt_life_restored', zip);
    expect(partnerNames(dbm.get('ckpt_life_restored'))).toEqual(names);
    expect(checkpointThreadState().databases).toBe(3);

    // drop: files gone, the thread's connection closed with the main one
    dbm.drop('ckpt_life_copy');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('ckpt_life_copy'))).toEqual([]);
    expect(checkpointThreadState().databases).toBe(2);

    // rename: the old name's files are gone, the data moved
    dbm.rename('ckpt_life_restored', 'ckpt_life_moved');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('ckpt_life_restored'))).toEqual([]);
    expect(partnerNames(dbm.get('ckpt_life_moved'))).toEqual(names);

    // reset: the file is replaced by the image taken at creation
    createPartners(db, 'before reset', 3);
    dbm.reset('ckpt_life');
    expect(partnerNames(dbm.get('ckpt_life'))).toEqual([]);
    createPartners(dbm.get('ckpt_life'), 'after reset', 2);
    expect(checkpointThreadState().databases).toBe(2);

    dbm.closeAll();
    expect(checkpointThreadState().running).toBe(false);
    await checkpointThreadsExited();

    // every file is whole and holds what was committed last
    const reopened = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR });
    try {
      expect(partnerNames(reopened.get('ckpt_life'))).toEqual(['ckpt after reset 0', 'ckpt after reset 1']);
      expect(partnerNames(reopened.get('ckpt_life_moved'))).toEqual(names);
      expect(reopened.list().filter((n) => n.startsWith('ckpt_life'))).toEqual(['ckpt_life', 'ckpt_life_moved']);
    } finally {
      reopened.closeAll();
    }
    await checkpointThreadsExited();
  });

  it('data committed under the thread is all there after the manager is closed and opened again', async () => {
    const dir = dataDir();
    let dbm = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR });
    const names = createPartners(dbm.create('ckpt_restart'), 'restart', 40);
    dbm.closeAll();
    await checkpointThreadsExited();
    dbm = new DatabaseManager(dir, { templateDir: TEMPLATE_DIR });
    try {
      expect(partnerNames(dbm.get('ckpt_restart'))).toEqual(names);
    } finally {
      dbm.closeAll();
    }
  });

  it('in-memory databases have no thread', () => {
    const dbm = new DatabaseManager(null, { templateDir: TEMPLATE_DIR });
    try {
      const db = dbm.create('ckpt_memory');
      expect(db.checkpointing).toBeNull();
      expect(checkpointThreadState().running).toBe(false);
    } finally {
      dbm.closeAll();
    }
  });
});
