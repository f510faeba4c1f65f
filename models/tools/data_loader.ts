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

interface XNode { tag: string; attrs: Record<string, string>; children: XNode[]; text: string }

/** A reference to the ir.model record of a model the registry does not have. */
class AbsentModelError extends Error {}

/** Parse an XML file into a small element tree (text = concatenated direct text). */
export function parseXml(source: string): XNode {
  const parser = new SaxesParser({ xmlns: false });
  const root: XNode = { tag: '#root', attrs: {}, children: [], text: '' };
  const stack: XNode[] = [root];
  parser.on('opentag', (t) => {
    const node: XNode = { tag: t.name, attrs: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])), children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => { stack[stack.length - 1].text += t; });
  parser.on('cdata', (t) => { stack[stack.length - 1].text += t; });
  parser.on('closetag', () => { stack.pop(); });
  parser.on('error', (e) => { throw e; });
  parser.write(source).close();
  return root.children[0];
}

/** Serialize children back to markup (for type="html"/"xml" fields). */
function innerXml(node: XNode): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const render = (n: XNode): string => `<${n.tag}${Object.entries(n.attrs).map(([k, v]) => ` ${k}="${esc(v).replace(/"/g, '&quot;')}"`).join('')}>${esc(n.text)}${n.children.map(render).join('')}</${n.tag}>`;
  return esc(node.text) + node.children.map(render).join('');
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

export class DataLoader {
  constructor(private readonly env: Environment, private readonly module: string) {}

  private fullId(xmlid: string): string {
    return xmlid.includes('.') ? xmlid : `${this.module}.${xmlid}`;
  }

  ref(xmlid: string): number {
    const full = this.fullId(xmlid);
    if (!this.env.xmlidLookup(full) && this.isAbsentModelXmlid(full)) throw new AbsentModelError(full);
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
    this.env.cache.xmlids.delete(fullId);
  }

  private evalContext(): Record<string, unknown> {
    return {
      ref: (x: string) => this.ref(x),
      Command: makeCommand(),
      time: pyTimeAt(this.env.cr.clock),
      obj: (x: string) => this.ref(x),
      ...dataFileDateNames(() => this.env.cr.clock.now()),
    };
  }

  // ------------------------------------------------------------------------------- CSV

  loadCsv(model: string, text: string, noupdate = false): number {
    const rows = parseCsv(text);
    if (!rows.length) return 0;
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
          default: break; // menus, views, templates: not served by this emulator
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
    // file="module/path": relative to the data directories (Odoo: to the addons path)
    if (node.attrs.file !== undefined) return fs.readFileSync(path.join(FIXTURES_DIR, node.attrs.file)).toString('base64');
    if (node.attrs.type === 'html' || node.attrs.type === 'xml') return innerXml(node).trim();
    // an empty <field/> of a text field is '' in Odoo (convert.py's _eval_xml), not False;
    // an empty CSV cell stays False (base_import semantics)
    if (node.text === '' && TEXT_TYPES.has(f.type)) return '';
    return convertText(f.type, node.text);
  }

  private xmlRecord(node: XNode, noupdate: boolean): void {
    const model = this.env.model(node.attrs.model).sudo();
    const xmlid = node.attrs.id ?? null;
    const fields: Array<[string, () => unknown]> = node.children.filter((c) => c.tag === 'field').map((c) => [c.attrs.name, () => this.fieldValue(model, c)]);
    const vals = this.valuesOrSkip(node.attrs.model, xmlid, fields);
    if (!vals) return;
    if (xmlid && noupdate && this.env.xmlidLookup(this.fullId(xmlid)) && this.env.context.update_mode) return;
    const ctx = node.attrs.context ? (safeEval(node.attrs.context, this.evalContext()) as Record<string, unknown>) : null;
    if (ctx) {
      new DataLoader(this.env.extendContext(ctx), this.module).upsert(node.attrs.model, xmlid, vals, noupdate);
    } else {
      this.upsert(node.attrs.model, xmlid, vals, noupdate);
    }
  }

  private xmlDelete(node: XNode): void {
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
    for (const file of files) {
      const full = path.join(dir, file);
      const text = fs.readFileSync(full, 'utf8');
      if (file.endsWith('.csv')) {
        const base = path.basename(file, '.csv');
        this.loadCsv(base, text, false);
      } else {
        this.loadXml(text);
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
