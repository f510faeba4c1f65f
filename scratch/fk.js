const { buildRegistry, Database, initDatabase } = require('/work/main/dist/models/database');
const Sqlite = require('/work/main/node_modules/better-sqlite3');
const { setupConnection } = require('/work/main/dist/models/orm/sql');
const reg = buildRegistry();
const s = new Sqlite(':memory:'); setupConnection(s);
s.pragma('foreign_keys = OFF');
const db = new Database('x', reg, s, null);
try { initDatabase(db, {demo: true}); } catch (e) { console.log('ERR', e.message); }
console.log(s.prepare('PRAGMA foreign_key_check').all().slice(0, 10));
console.log(s.prepare('select id, login, partner_id, active from res_users').all());
console.log(s.prepare('select id, name, active from res_partner limit 12').all());
console.log(s.prepare("select * from sqlite_sequence").all());
