/**
 * Loader for Odoo's data-file formats: XML data files (<odoo>, <data noupdate>, <record>,
 * <field name ref eval search>, <delete>, <function>) and CSV files named after their model
 * (ir.model.access.csv, res.country.csv, ...). Every record gets its xml id in ir.model.data.
 *
 * Records about models this emulator does not implement (an access right or rule whose
 * `model_id` is such a model, a message or template attached to one) are skipped, but their id
 * is used up as Odoo's creation would have done: data files can list everything a module of
 * Odoo creates, in Odoo's order, and the records we do have keep Odoo's ids.
 */
import fs from 'fs';
import path from 'path';
import { SaxesParser } from 'saxes';
import type { Environment } from '../orm/environment';
import type { BaseModel, Vals } from '../orm/model';
import { safeEval, makeCommand } from './safe_eval';
import { pyTimeAt } from '../orm/security';
import { nowUtc } from '../orm/fields';
import { dataFileDateNames, PyDateTime } from './pydatetime';
import { FIXTURES_DIR } from '../paths';
import { log } from './log';

/** An element of a data file: tag, attributes, children; `content` keeps text, comments and children in document order. */
export interface XNode { tag: string; attrs: Record<string, string>; children: XNode[]; text: string; content: Array<XNode | string> }

/** A reference to the ir.model record of a model the registry does not have. */
class AbsentModelError extends Error {}

/** Parse an XML file into a small element tree (text = concatenated direct text). */
export function parseXml(source: string): XNode {
  const parser = new SaxesParser({ xmlns: false });
  const root: XNode = { tag: '#root', attrs: {}, children: [], text: '', content: [] };
  const stack: XNode[] = [root];
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  parser.on('opentag', (t) => {
    const node: XNode = { tag: t.name, attrs: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])), children: [], text: '', content: [] };
    const parent = stack[stack.length - 1];
    parent.children.push(node);
    parent.content.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    top.text += t;
    top.content.push(esc(t));
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    top.text += t;
    top.content.push(esc(t));
  });
  parser.on('comment', (t) => { stack[stack.length - 1].content.push(`<!--${t}-->`); });
  parser.on('closetag', () => { stack.pop(); });
  parser.on('error', (e) => { throw e; });
  parser.write(source).close();
  return root.children[0];
}

/** Serialize an element as lxml's tostring does (double quotes, empty elements self-closed). */
export function outerXml(n: XNode): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
  const attrs = Object.entries(n.attrs).map(([k, v]) => ` ${k}="${attr(v)}"`).join('');
  if (!n.content.length) return `<${n.tag}${attrs}/>`;
  return `<${n.tag}${attrs}>${n.content.map((c) => (typeof c === 'string' ? c : outerXml(c))).join('')}</${n.tag}>`;
}

/**
 * The markup of a `type="xml"`/`"html"` field (convert.py _eval_xml): each child element with
 * the text that follows it; text before the first element is not part of the value.
 */
/** A `type="xml"` value: the child elements (several are wrapped in <data>), as arch_db keeps it. */
function xmlValue(node: XNode): string {
  const elements = node.content.filter((c): c is XNode => typeof c !== 'string');
  if (elements.length > 1) return outerXml({ tag: 'data', attrs: {}, children: elements, text: '', content: node.content.slice(node.content.indexOf(elements[0])) }).trim();
  return innerXml(node).trim();
}

function innerXml(node: XNode): string {
  const first = node.content.findIndex((c) => typeof c !== 'string');
  if (first < 0) return '';
  return node.content.slice(first).map((c) => (typeof c === 'string' ? c : outerXml(c))).join('');
}

/** RFC 4180 CSV parser. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** How a loader treats what the emulator lacks (addons read from an addons path). */
export interface LoaderOptions {
  /**
   * Records, calls and deletions about models, fields or methods the registry does not emulate
   * are skipped with a warning (and the records that reference them, in cascade), instead of
   * failing the install: an addon's data may use mixins or framework models we do not have.
   */
  lenient?: boolean;
}

export class DataLoader {
  /** The module folder and file being loaded (relative `file=` paths, ir.ui.view arch_fs). */
  private dir: string | null = null;
  private file: string | null = null;
  /** xml ids of records skipped by a lenient loader (references to them skip their referrers). */
  private skippedIds = new Set<string>();
  /** xml ids this run created, updated or kept (noupdate): the others of the module are stale on -u. */
  readonly loaded = new Set<string>();

  constructor(private readonly env: Environment, private readonly module: string, private readonly options: LoaderOptions = {}) {}

  /** A lenient loader's skip: a warning naming the file, the element and why. */
  private skip(what: string, reason: string, xmlid?: string | null): void {
    if (xmlid) this.skippedIds.add(this.fullId(xmlid));
    log('warn', 'odoo.tools.convert', `${this.module}/${this.file ?? ''}: ${what} skipped: ${reason}`, this.env.dbName || '?');
  }

  private lenientAbout(model: string): boolean {
    return !!this.options.lenient && !this.env.registry.has(model);
  }

  /** Run one element; a lenient loader skips it (with a warning) when it fails. */
  private tolerant(what: string, xmlid: string | null, run: () => void): void {
    if (!this.options.lenient) return run();
    try {
      this.env.cr.transaction(run);
    } catch (e) {
      this.skip(what, (e as Error).message.split('\n').filter(Boolean).slice(-2).join(' '), xmlid);
    }
  }

  private fullId(xmlid: string): string {
    return xmlid.includes('.') ? xmlid : `${this.module}.${xmlid}`;
  }

  ref(xmlid: string): number {
    const full = this.fullId(xmlid);
    if (this.skippedIds.has(full)) throw new AbsentModelError(full);
    if (!this.env.xmlidLookup(full) && this.isAbsentModelXmlid(full)) throw new AbsentModelError(full);
    // a lenient (addon) loader: a record of another module that the emulator does not ship (a
    // view of mail to inherit, an ir.model.fields xml id) is something not emulated, not a typo
    if (this.options.lenient && !full.startsWith(`${this.module}.`) && !this.env.xmlidLookup(full)) throw new AbsentModelError(full);
    return this.env.refId(full);
  }

  /**
   * `module.model_<name>` is the xml id of a model's ir.model record; it is absent when no model
   * of the registry has that name (a misspelt xml id of one of our models still fails loudly).
   */
  private isAbsentModelXmlid(full: string): boolean {
    const name = full.slice(full.indexOf('.') + 1);
    if (!name.startsWith('model_')) return false;
    for (const m of this.env.registry.models.keys()) if (`model_${m.replace(/\./g, '_')}` === name) return false;
    return true;
  }

  /** Whether vals attach the record to a document of a model the registry lacks (Many2oneReference's model field). */
  private aboutAbsentModel(model: string, vals: Vals): boolean {
    for (const f of Object.values(this.env.model(model).cls._fields)) {
      const modelField = f.spec.model_field;
      if (f.type !== 'many2one_reference' || !modelField) continue;
      const target = vals[modelField];
      if (typeof target === 'string' && target && !this.env.registry.has(target)) return true;
    }
    return false;
  }

  /** Use up the next id of a model's table, as creating and not keeping a record would (a PostgreSQL sequence's nextval). */
  reserveId(model: string): number {
    const table = this.env.model(model).cls._table;
    const cr = this.env.cr;
    const seq = cr.get<{ seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = ?', [table])?.seq ?? 0;
    const max = cr.get<{ m: number | null }>(`SELECT MAX(id) AS m FROM "${table}"`)?.m ?? 0;
    const next = Math.max(seq, max) + 1;
    if (cr.get('SELECT 1 FROM sqlite_sequence WHERE name = ?', [table])) cr.run('UPDATE sqlite_sequence SET seq = ? WHERE name = ?', [next, table]);
    else cr.run('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [table, next]);
    return next;
  }

  /**
   * A record's values, each computed by its thunk. A record about a model we lack is skipped and,
   * when it would have been created, its id used up; returns null then. Its other references may
   * point at records of that model (never created either), so their failures are ignored too.
   */
  private valuesOrSkip(model: string, xmlid: string | null, fields: Array<[string, () => unknown]>): Vals | null {
    const vals: Vals = {};
    let absent = false;
    let failure: unknown = null;
    for (const [name, compute] of fields) {
      try {
        vals[name] = compute();
      } catch (e) {
        if (e instanceof AbsentModelError) absent = true;
        else failure ??= e;
      }
    }
    if (!absent && !this.aboutAbsentModel(model, vals)) {
      if (failure) throw failure;
      return vals;
    }
    const exists = xmlid ? this.env.xmlidLookup(this.fullId(xmlid)) : null;
    if (!exists && !this.env.context.update_mode) this.reserveId(model);
    return null;
  }

  /** Create or update the record of an xml id, and record the id in ir.model.data. */
  upsert(model: string, xmlid: string | null, vals: Vals, noupdate = false): number {
    const env = this.env;
    const rec = env.model(model).sudo();
    if (xmlid) {
      const full = this.fullId(xmlid);
      this.loaded.add(full);
      const existing = env.xmlidLookup(full);
      if (existing) {
        rec.browse([existing[1]])._write(vals);
        return existing[1];
      }
      const id = rec._create([vals]).ids[0];
      this.register(full, model, id, noupdate);
      // delegated parents get their own xml id, as Odoo does (base.user_demo_res_partner)
      for (const [parent, link] of Object.entries(rec.cls._inherits)) {
        if (vals[link]) continue;
        const pid = rec.browse([id]).get(link) as number;
        this.register(`${full}_${parent.replace(/\./g, '_')}`, parent, pid, noupdate);
        this.loaded.add(`${full}_${parent.replace(/\./g, '_')}`);
      }
      return id;
    }
    return rec._create([vals]).ids[0];
  }

  register(fullId: string, model: string, resId: number, noupdate: boolean): void {
    const [module, name] = [fullId.slice(0, fullId.indexOf('.')), fullId.slice(fullId.indexOf('.') + 1)];
    const now = nowUtc(this.env.cr);
    this.env.cr.run(`INSERT INTO ir_model_data (module, name, model, res_id, noupdate, create_uid, write_uid, create_date, write_date) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?)`,
      [module, name, model, resId, noupdate ? 1 : 0, now, now]);
  }

  private evalContext(): Record<string, unknown> {
    return {
      ref: (x: string) => this.ref(x),
      Command: makeCommand(),
      time: pyTimeAt(this.env.cr.clock),
      obj: (x: string) => this.ref(x),
      ...dataFileDateNames(this.env.cr.clock),
    };
  }

  // ------------------------------------------------------------------------------- CSV

  loadCsv(model: string, text: string, noupdate = false): number {
    const rows = parseCsv(text);
    if (!rows.length) return 0;
    if (this.lenientAbout(model)) {
      this.skip(`${model}.csv`, `model ${model} is not emulated`);
      return 0;
    }
    const header = rows[0].map((h) => h.trim());
    const M = this.env.model(model).cls;
    let count = 0;
    for (const row of rows.slice(1)) {
      const fields: Array<[string, () => unknown]> = [];
      let xmlid: string | null = null;
      header.forEach((h, i) => {
        const raw = row[i] ?? '';
        if (h === 'id') { xmlid = raw || null; return; }
        const isRef = h.endsWith(':id') || h.endsWith('/id');
        const fname = isRef ? h.slice(0, -3) : h;
        const f = M._fields[fname];
        if (!f && this.options.lenient) { this.skip(`column ${h}`, `field ${model}.${fname} is not emulated`); return; }
        if (!f) throw new Error(`${model}.csv: unknown field ${fname}`);
        if (isRef) {
          fields.push([fname, () => {
            if (!raw) return f.x2many ? [[5]] : false;
            const ids = raw.split(',').map((x) => this.ref(x.trim()));
            return f.x2many ? [[6, 0, ids]] : ids[0];
          }]);
          return;
        }
        fields.push([fname, () => convertText(f.type, raw)]);
      });
      const vals = this.valuesOrSkip(model, xmlid, fields);
      if (!vals) continue;
      this.upsert(model, xmlid, vals, noupdate);
      count++;
    }
    return count;
  }

  // ------------------------------------------------------------------------------- XML

  loadXml(text: string): void {
    const root = parseXml(text);
    if (root.tag !== 'odoo' && root.tag !== 'openerp') throw new Error(`unexpected root <${root.tag}>`);
    const walk = (node: XNode, noupdate: boolean) => {
      for (const child of node.children) {
        switch (child.tag) {
          case 'data': walk(child, child.attrs.noupdate ? ['1', 'True', 'true'].includes(child.attrs.noupdate) : noupdate); break;
          case 'record': this.xmlRecord(child, noupdate); break;
          case 'delete': this.xmlDelete(child); break;
          case 'function': this.xmlFunction(child); break;
          case 'menuitem': this.tolerant(`<menuitem id="${child.attrs.id ?? ''}">`, child.attrs.id ?? null, () => this.xmlMenuitem(child, noupdate, null)); break;
          case 'template': this.tolerant(`<template id="${child.attrs.id ?? ''}">`, child.attrs.id ?? null, () => this.xmlTemplate(child, noupdate)); break;
          default: break; // Odoo 17's convert.py knows no other tag either (act_window and report are gone since 14.0)
        }
      }
    };
    walk(root, ['1', 'True', 'true'].includes(root.attrs.noupdate ?? ''));
  }

  private fieldValue(model: BaseModel, node: XNode): unknown {
    const fname = node.attrs.name;
    const f = model.cls._fields[fname];
    if (!f) throw new Error(`${model._name}: unknown field ${fname}`);
    if (node.attrs.ref !== undefined) {
      if (f.type === 'reference' && node.attrs.ref) {
        const target = this.env.xmlidLookup(this.fullId(node.attrs.ref));
        if (!target) throw new Error(`External ID not found in the system: ${this.fullId(node.attrs.ref)}`);
        return `${target[0]},${target[1]}`;
      }
      const id = node.attrs.ref ? this.ref(node.attrs.ref) : false;
      return f.x2many ? [[6, 0, id ? [id] : []]] : id;
    }
    if (node.attrs.search !== undefined) {
      const co = this.env.model(node.attrs.model ?? f.comodel).sudo();
      const ids = co._searchIds(safeEval(node.attrs.search, this.evalContext()) as unknown[]);
      return f.x2many ? [[6, 0, ids]] : ids[0] ?? false;
    }
    if (node.attrs.eval !== undefined) {
      const v = safeEval(node.attrs.eval, this.evalContext());
      return v instanceof PyDateTime ? v.toOdoo() : v;
    }
    if (node.attrs.file !== undefined) return fs.readFileSync(this.modulePath(node.attrs.file)).toString('base64');
    if (node.attrs.type === 'xml') return this.substituteIds(xmlValue(node));
    if (node.attrs.type === 'html') return this.substituteIds(innerXml(node).trim());
    if (node.attrs.type === 'base64') return Buffer.from(node.text).toString('base64');
    if (node.attrs.type === 'file') return `${this.module},${node.text.trim()}`;
    // an empty <field/> of a text field is '' in Odoo (convert.py's _eval_xml), not False;
    // an empty CSV cell stays False (base_import semantics)
    if (node.text === '' && TEXT_TYPES.has(f.type)) return '';
    return convertText(f.type, node.text);
  }

  /** A `module/path` of a data file's `file=` attribute, from the folder holding the modules. */
  private modulePath(file: string): string {
    const root = this.dir ? path.dirname(this.dir) : path.join(FIXTURES_DIR);
    const full = path.resolve(root, file);
    if (!full.startsWith(path.resolve(root))) throw new Error(`file outside the addons: ${file}`);
    return full;
  }

  /** convert.py _process: `%(xmlid)d` in markup becomes the record id. */
  private substituteIds(text: string): string {
    return text.replace(/([^%])%\((.*?)\)[ds]/g, (_m, before: string, xmlid: string) => `${before}${this.ref(xmlid)}`).replace(/%%/g, '%');
  }

  private xmlRecord(node: XNode, noupdate: boolean, extraVals: Vals = {}): number | null {
    const xmlid = node.attrs.id ?? null;
    const what = `<record id="${xmlid ?? ''}" model="${node.attrs.model}">`;
    if (this.lenientAbout(node.attrs.model)) {
      this.skip(what, `model ${node.attrs.model} is not emulated`, xmlid);
      return null;
    }
    const model = this.env.model(node.attrs.model).sudo();
    const subRecords: Array<[XNode, string]> = [];
    const fields: Array<[string, () => unknown]> = [];
    for (const child of node.children) {
      if (child.tag !== 'field') continue;
      const f = model.cls._fields[child.attrs.name];
      if (!f && this.options.lenient) {
        this.skip(`<field name="${child.attrs.name}"> of ${xmlid ?? node.attrs.model}`, `field ${node.attrs.model}.${child.attrs.name} is not emulated`);
        continue;
      }
      // one2many <record> children are created after the record, pointing back to it
      if (f?.type === 'one2many') for (const sub of child.children.filter((c) => c.tag === 'record')) subRecords.push([sub, f.spec.inverse_name!]);
      if (f?.type === 'one2many' && child.children.some((c) => c.tag === 'record') && child.attrs.eval === undefined) continue;
      fields.push([child.attrs.name, () => this.fieldValue(model, child)]);
    }
    const vals = this.valuesOrSkip(node.attrs.model, xmlid, fields);
    if (!vals) {
      if (this.options.lenient) this.skip(what, 'it references a record that was skipped', xmlid);
      return null;
    }
    Object.assign(vals, extraVals);
    // views remember the file they come from (ir.ui.view arch_fs)
    if (node.attrs.model === 'ir.ui.view' && this.file && !('arch_fs' in vals) && ('arch' in vals || 'arch_db' in vals)) vals.arch_fs = `${this.module}/${this.file}`;
    if (xmlid && noupdate && this.env.xmlidLookup(this.fullId(xmlid)) && this.env.context.update_mode) {
      this.loaded.add(this.fullId(xmlid));
      return this.env.xmlidLookup(this.fullId(xmlid))![1];
    }
    const ctx = node.attrs.context ? (safeEval(node.attrs.context, this.evalContext()) as Record<string, unknown>) : null;
    const write = () => (ctx
      ? new DataLoader(this.env.extendContext(ctx), this.module).upsert(node.attrs.model, xmlid, vals, noupdate)
      : this.upsert(node.attrs.model, xmlid, vals, noupdate));
    let id: number;
    if (!this.options.lenient) id = write();
    else {
      // what Python would have filled in (a create() override, a default we cannot run) may be
      // missing: the record is skipped with the error, in a savepoint, and its referrers after it
      try {
        id = this.env.cr.transaction(write);
      } catch (e) {
        this.skip(what, (e as Error).message.split('\n').filter(Boolean).slice(-2).join(' '), xmlid);
        return null;
      }
      if (ctx && xmlid) this.loaded.add(this.fullId(xmlid));
    }
    for (const [sub, inverse] of subRecords) this.xmlRecord(sub, noupdate, { [inverse]: id });
    return id;
  }

  /** <menuitem id name parent action sequence groups web_icon active>, children nested (convert.py _tag_menuitem). */
  private xmlMenuitem(node: XNode, noupdate: boolean, parent: number | null): void {
    const id = node.attrs.id;
    if (!id) throw new Error('<menuitem> without id');
    const vals: Vals = { parent_id: false, active: !['0', 'False', 'false'].includes(node.attrs.active ?? 'True') };
    if (node.attrs.sequence) vals.sequence = parseInt(node.attrs.sequence, 10);
    if (parent !== null) vals.parent_id = parent;
    else if (node.attrs.parent) vals.parent_id = this.ref(node.attrs.parent);
    else if (node.attrs.web_icon) vals.web_icon = node.attrs.web_icon;
    if (node.attrs.name) vals.name = node.attrs.name;
    if (node.attrs.action) {
      const ref = this.fullId(node.attrs.action);
      const target = this.env.xmlidLookup(ref);
      if (!target) throw new Error(`External ID not found in the system: ${ref}`);
      const action = this.env.model('ir.actions.actions').sudo().browse([target[1]])._values(['type', 'name']).get(target[1]);
      vals.action = `${action?.type ?? target[0]},${target[1]}`;
      if (!vals.name && action?.name && /(act_window|wizard|url|client|server)$/.test(String(action.type))) vals.name = action.name;
    }
    if (!vals.name) vals.name = id || '?';
    const groups: unknown[] = [];
    for (const g of (node.attrs.groups ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
      groups.push(g.startsWith('-') ? [3, this.ref(g.slice(1)), 0] : [4, this.ref(g), 0]);
    }
    if (groups.length) vals.groups_id = groups;
    if (noupdate && this.env.context.update_mode && this.env.xmlidLookup(this.fullId(id))) { this.loaded.add(this.fullId(id)); return; }
    const menuId = this.upsert('ir.ui.menu', id, vals, noupdate);
    for (const child of node.children) if (child.tag === 'menuitem') this.xmlMenuitem(child, noupdate, menuId);
  }

  /** <template id inherit_id priority groups primary active ...> → a qweb ir.ui.view (convert.py _tag_template). */
  private xmlTemplate(node: XNode, noupdate: boolean): void {
    const tplId = node.attrs.id ?? node.attrs['t-name'];
    const fullId = tplId.includes('.') ? tplId : `${this.module}.${tplId}`;
    const attrs = { ...node.attrs };
    const tag = attrs.inherit_id ? 'data' : 't';
    if (!attrs.inherit_id) attrs['t-name'] = fullId;
    const vals: Vals = { name: attrs.name ?? tplId, key: attrs.key ?? fullId, type: 'qweb' };
    if (attrs.priority) vals.priority = parseInt(attrs.priority, 10);
    if (attrs.inherit_id) vals.inherit_id = this.ref(attrs.inherit_id);
    if (attrs.active === 'True' || attrs.active === 'False') {
      if (!this.env.context.update_mode || !this.env.xmlidLookup(this.fullId(tplId))) vals.active = attrs.active === 'True';
    }
    if (attrs.customize_show === 'True' || attrs.customize_show === 'False') vals.customize_show = attrs.customize_show === 'True';
    if (attrs.groups) vals.groups_id = [[6, 0, attrs.groups.split(',').map((g) => this.ref(g.trim()))]];
    const content = [...node.content];
    if (attrs.primary === 'True') {
      vals.mode = 'primary';
      content.push({ tag: 'xpath', attrs: { expr: '.', position: 'attributes' }, children: [], text: '', content: [{ tag: 'attribute', attrs: { name: 't-name' }, children: [], text: fullId, content: [fullId] }] });
    }
    // convert.py keeps the other attributes on the root of the stored arch
    for (const k of ['id', 'groups', 'forcecreate', 'context']) delete attrs[k];
    vals.arch = this.substituteIds(outerXml({ tag, attrs, children: [], text: '', content }));
    if (this.file) vals.arch_fs = `${this.module}/${this.file}`;
    if (noupdate && this.env.context.update_mode && this.env.xmlidLookup(this.fullId(tplId))) { this.loaded.add(this.fullId(tplId)); return; }
    this.upsert('ir.ui.view', tplId, vals, noupdate);
  }

  private xmlDelete(node: XNode): void {
    if (this.lenientAbout(node.attrs.model)) return this.skip(`<delete model="${node.attrs.model}">`, `model ${node.attrs.model} is not emulated`);
    const model = this.env.model(node.attrs.model).sudo();
    let ids: number[] = [];
    if (node.attrs.id) {
      const r = this.env.xmlidLookup(this.fullId(node.attrs.id));
      if (r) ids = [r[1]];
    } else if (node.attrs.search) {
      ids = model._searchIds(safeEval(node.attrs.search, this.evalContext()) as unknown[]);
    }
    if (ids.length) model.browse(ids)._unlink();
  }

  /** <function model name eval/>: calls a public or registered method of the model. */
  private xmlFunction(node: XNode): void {
    const what = `<function model="${node.attrs.model}" name="${node.attrs.name}">`;
    if (this.lenientAbout(node.attrs.model)) return this.skip(what, `model ${node.attrs.model} is not emulated`);
    if (this.options.lenient) {
      try {
        this.callFunction(node);
      } catch (e) {
        const name = (e as { pyName?: string }).pyName;
        if (!(e instanceof AbsentModelError) && name !== 'builtins.NotImplementedError' && !/does not exist/.test((e as Error).message)) throw e;
        this.skip(what, (e as Error).message.split('\n')[0]);
      }
      return;
    }
    this.callFunction(node);
  }

  private callFunction(node: XNode): void {
    const model = this.env.model(node.attrs.model).sudo();
    const args = node.attrs.eval ? safeEval(node.attrs.eval, this.evalContext()) : [];
    const fn = (model as unknown as Record<string, (...a: unknown[]) => unknown>)[node.attrs.name];
    if (typeof fn !== 'function') throw new Error(`<function>: ${node.attrs.model}.${node.attrs.name} does not exist`);
    const list = Array.isArray(args) ? [...args] : [args];
    // call_kw conventions: record methods take the ids first
    if (model.cls._rpc[node.attrs.name]?.api === 'multi') {
      const ids = list.shift();
      const recs = model.browse(Array.isArray(ids) ? (ids as number[]) : [ids as number]);
      fn.apply(recs, list);
      return;
    }
    fn.apply(model, list);
  }

  /** Load a module's files in order: .csv named after a model, or .xml data files. */
  loadFiles(dir: string, files: string[]): void {
    this.dir = dir;
    for (const file of files) {
      this.file = file;
      const full = path.join(dir, file);
      const text = fs.readFileSync(full, 'utf8');
      if (file.endsWith('.csv')) {
        // the model is the file name up to its first '-' (convert.py convert_csv_import)
        const base = path.basename(file, '.csv').split('-')[0];
        this.loadCsv(base, text, false);
      } else if (file.endsWith('.xml')) {
        this.loadXml(text);
      } else if (file.endsWith('.sql') && this.options.lenient) {
        this.skip(file, 'SQL files are not run by the emulator');
      } else if (!file.endsWith('.js')) {
        throw new Error(`Can't load unknown file type ${file}.`);
      }
    }
  }
}

const TEXT_TYPES = new Set(['char', 'text', 'html']);

/** Text in a data file → value of the field's type (Odoo's _tag_field conversions). */
function convertText(type: string, raw: string): unknown {
  const text = raw;
  switch (type) {
    case 'boolean': return ['1', 'true', 'True', 'TRUE'].includes(text.trim());
    case 'integer': case 'many2one_reference': return text.trim() === '' ? 0 : parseInt(text, 10);
    case 'float': case 'monetary': return text.trim() === '' ? 0 : parseFloat(text);
    case 'many2one': return text.trim() === '' ? false : parseInt(text, 10);
    default: return text === '' ? false : text;
  }
}
