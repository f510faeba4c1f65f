#!/usr/bin/env node
/**
 * Records what a real Odoo 17 answers to fields_get for the models the emulator ships, into
 * test/fixtures/odoo17_fields_get.json (read by test/wire/fields_get_parity.test.ts, which never
 * needs the reference server). For each model: every field's type, relation, string, required,
 * readonly and selection, plus the modules that define the field (ir.model.fields.modules), so
 * the test can tell fields of our module set from those of modules we do not ship.
 *
 *   node test/tools/record_fields_get.js [--url http://127.0.0.1:8169] [--db ref_default]
 *        [--login admin --password admin] [--models-from http://127.0.0.1:8072/odoo]
 *
 * The model list is the emulator's (ir.model of a running emulator given with --models-from,
 * database after the last slash), else the one of the existing fixture.
 */
const fs = require('fs');
const path = require('path');

const ATTRIBUTES = ['type', 'relation', 'string', 'required', 'readonly', 'selection'];
const OUT = path.join(__dirname, '..', 'fixtures', 'odoo17_fields_get.json');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function rpc(url, service, method, ...args) {
  const res = await fetch(`${url}/jsonrpc`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service, method, args } }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.data.message}`);
  return body.result;
}

async function main() {
  const url = arg('url', 'http://127.0.0.1:8169');
  const db = arg('db', 'ref_default');
  const login = arg('login', 'admin');
  const password = arg('password', 'admin');
  const uid = await rpc(url, 'common', 'authenticate', db, login, password, {});
  const kw = (model, method, args, kwargs = {}) => rpc(url, 'object', 'execute_kw', db, uid, password, model, method, args, kwargs);

  let models;
  const from = arg('models-from');
  if (from) {
    const i = from.lastIndexOf('/');
    const [eurl, edb] = [from.slice(0, i), from.slice(i + 1)];
    const euid = await rpc(eurl, 'common', 'authenticate', edb, 'admin', 'admin', {});
    models = (await rpc(eurl, 'object', 'execute_kw', edb, euid, 'admin', 'ir.model', 'search_read', [[]], { fields: ['model'] })).map((r) => r.model);
  } else {
    models = Object.keys(JSON.parse(fs.readFileSync(OUT, 'utf8')).models);
  }
  models.sort();

  const version = await rpc(url, 'common', 'version');
  const installed = (await kw('ir.module.module', 'search_read', [[['state', '=', 'installed']]], { fields: ['name'], order: 'name' })).map((r) => r.name);
  const out = { recorded_from: { server_version: version.server_version, database: db, installed_modules: installed }, attributes: ATTRIBUTES, models: {} };
  for (const model of models) {
    let fields;
    try {
      fields = await kw(model, 'fields_get', [], { attributes: ATTRIBUTES });
    } catch (e) {
      console.warn(`${model}: not on the reference server (${e.message})`);
      continue;
    }
    const modules = Object.fromEntries((await kw('ir.model.fields', 'search_read', [[['model', '=', model]]], { fields: ['name', 'modules'] }))
      .map((r) => [r.name, r.modules ? r.modules.split(', ').filter(Boolean) : []]));
    out.models[model] = Object.fromEntries(Object.entries(fields).map(([name, desc]) => [name, { ...desc, modules: modules[name] ?? [] }]));
  }
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${OUT}: ${Object.keys(out.models).length} models`);
}

main().catch((e) => { console.error(e); process.exit(1); });
