/**
 * Field declarations and the value conversions Odoo 17 applies between the wire, the ORM and
 * the database column (orm.md §2).
 *
 * Internal ("cache") values: scalars as JS primitives, `false` for unset, many2one as an id or
 * false, x2many as arrays of ids. Database values: NULL stays distinct from 0/''/false.
 */
import { utcDate, utcDatetime, type Clock } from '../tools/clock';
import { PyValueError } from './exceptions';
import { PyFloat } from './values';
import { pyRepr } from '../tools/pyrepr';

export type FieldType =
  | 'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean' | 'date' | 'datetime'
  | 'selection' | 'many2one' | 'one2many' | 'many2many' | 'binary' | 'json' | 'reference'
  | 'many2one_reference';

export type Selection = Array<[string, string]>;
export type OnDelete = 'cascade' | 'set null' | 'restrict';

/** What a model declares for a field. Attribute names follow Odoo's. */
export interface FieldSpec {
  type: FieldType;
  string?: string;
  help?: string;
  required?: boolean;
  readonly?: boolean;
  /** A value, or a function of the environment (called per created record batch). */
  default?: unknown;
  /** Name of a model method computing the field for a recordset: returns {id: value}. */
  compute?: string;
  store?: boolean;
  depends?: string[];
  /** Name of a model method writing the field back (computed fields). */
  inverse?: string;
  /** Name of a model method turning (operator, value) into a domain (non-stored fields). */
  search?: string;
  related?: string;
  copy?: boolean;
  index?: boolean | 'btree' | 'btree_not_null' | 'trigram';
  /** Static list, or a function of the environment (langs, timezones). */
  selection?: Selection | ((env: any) => Selection);
  /**
   * Extension of an inherited selection (Odoo's selection_add): new [value, label] pairs, placed
   * after the [value] or pair that precedes them in this list (at the end when none does).
   */
  selection_add?: Array<[string, string] | [string]>;
  comodel?: string;
  /** many2one_reference: the char field holding the referenced record's model (Odoo's model_field). */
  model_field?: string;
  /** one2many: the many2one field on the comodel pointing back. */
  inverse_name?: string;
  /** many2many relation table and its columns. */
  relation?: string;
  column1?: string;
  column2?: string;
  ondelete?: OnDelete;
  groups?: string;
  size?: number;
  digits?: [number, number];
  /**
   * true: one value per language (Odoo's translate=True, see translate.ts); 'xml': Odoo
   * translates the field term by term (xml_translate), kept as a plain column here.
   */
  translate?: boolean | 'xml';
  sanitize?: boolean;
  context?: Record<string, unknown>;
  domain?: unknown;
  currency_field?: string;
  group_operator?: string;
  company_dependent?: boolean;
  change_default?: boolean;
  trim?: boolean;
  auto_join?: boolean;
  /** Set on fields `_inherits` adds to a child model. */
  inherited?: boolean;
  /** Python-style default label is derived from the name when absent. */
  compute_sudo?: boolean;
  /** Model-specific, kept for fields_get output (e.g. check_company). */
  check_company?: boolean;
  /** Private field (passwords): read gives '', and it is non-stored for Odoo (see column_compute). */
  private?: boolean;
  /** Exported by default in an import-compatible export (fields_get attribute). */
  default_export_compatible?: boolean;
  /**
   * Odoo 17 declares the field non-stored, with a compute/inverse pair reading and writing its
   * own SQL column (res.partner.signup_token, res.users.totp_secret): the ORM keeps it in a
   * column, but it is never grouped, aggregated, ordered or searched (fields_get store=False).
   */
  column_compute?: boolean;
  /** A column Odoo creates in SQL with no field at all (res.users.apikeys index/key): not in `_fields`. */
  sql_only?: boolean;
  /** Prefetch off: large binaries etc. (not used for correctness). */
  prefetch?: boolean;
  /**
   * mail.thread field tracking (Odoo's `tracking=True` or a sequence number): a write that
   * changes the value logs a mail.tracking.value on the record's chatter. Ignored on models
   * without mail.thread, as in Odoo.
   */
  tracking?: boolean | number;
  /** Binary fields: stored as an ir.attachment (Odoo's default, true) or in a column (false). */
  attachment?: boolean;
  /** Image fields (fields.Image): the value is shrunk to fit this box, keeping the aspect ratio. */
  max_width?: number;
  max_height?: number;
  /** Image fields: refuse images above 50 Mpx (default true). */
  verify_resolution?: boolean;
  /** An Image field (fields.Image; fields_get still says 'binary'). */
  image?: boolean;
  /** A stored computed field of an addon whose compute is not emulated: a plain column. */
  not_emulated_compute?: boolean;
}

export const RELATIONAL: ReadonlySet<FieldType> = new Set(['many2one', 'one2many', 'many2many']);
export const X2MANY: ReadonlySet<FieldType> = new Set(['one2many', 'many2many']);

/** Default label as Odoo derives it: strip _id/_ids, underscores to spaces, capitalize words. */
export function defaultLabel(name: string): string {
  let n = name;
  if (n.endsWith('_ids')) n = n.slice(0, -4);
  else if (n.endsWith('_id')) n = n.slice(0, -3);
  return n.replace(/_/g, ' ').replace(/(^|\s)\S/g, (c) => c.toUpperCase()).replace(/\s\S/g, (c) => c) || name;
}

export class Field {
  readonly name: string;
  readonly type: FieldType;
  model = '';
  spec: FieldSpec;
  /** Filled during registry setup. */
  column: string | null = null;
  /** The module whose declaration introduced the field (uninstalling it drops the field). */
  module = 'base';

  constructor(name: string, spec: FieldSpec) {
    this.name = name;
    this.type = spec.type;
    this.spec = spec;
  }

  get string(): string {
    if (this.spec.string) return this.spec.string;
    // Odoo: capitalize first letter of each word of the stripped name
    let n = this.name;
    if (n.endsWith('_ids')) n = n.slice(0, -4);
    else if (n.endsWith('_id')) n = n.slice(0, -3);
    return n.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  }
  get comodel(): string { return this.spec.comodel ?? ''; }
  get relational(): boolean { return RELATIONAL.has(this.type); }
  get x2many(): boolean { return X2MANY.has(this.type); }
  get related(): string | undefined { return this.spec.related; }
  get computed(): boolean { return !!this.spec.compute || !!this.spec.related; }
  /** A column exists in the model's table. */
  get store(): boolean {
    if (this.x2many) return false;
    // company-dependent values live in ir.property (fields.py _setup_attrs: store=False)
    if (this.spec.company_dependent) return false;
    if (this.spec.store !== undefined) return this.spec.store;
    return !this.spec.compute && !this.spec.related;
  }
  /**
   * Whether Odoo's ORM sees a stored column (it can group, aggregate, order and search on it):
   * false for x2many, computed fields and the column-backed computes (private, column_compute).
   */
  get odooStored(): boolean {
    return !!this.column && !this.spec.private && !this.spec.column_compute;
  }
  get required(): boolean { return !!this.spec.required; }
  /**
   * A stored binary field kept in ir.attachment rows (res_model, res_field, res_id) instead of a
   * column: Odoo's default for Binary and Image fields unless `attachment=False` (fields.py Binary).
   */
  get attachment(): boolean {
    return this.type === 'binary' && this.spec.attachment !== false && this.store;
  }
  get readonly(): boolean {
    if (this.spec.readonly !== undefined) return this.spec.readonly;
    return (!!this.spec.compute && !this.spec.inverse) || (!!this.spec.related && !this.spec.inherited);
  }
  get copy(): boolean {
    if (this.spec.copy !== undefined) return this.spec.copy;
    if (this.type === 'one2many' || this.spec.compute || this.spec.related || this.spec.company_dependent) return false;
    return this.name !== 'state';
  }
  get ondelete(): OnDelete {
    return this.spec.ondelete ?? (this.required ? 'restrict' : 'set null');
  }
  get groupOperator(): string | undefined {
    if (this.spec.group_operator !== undefined) return this.spec.group_operator || undefined;
    if ((this.type === 'integer' && this.name !== 'sequence') || this.type === 'float' || this.type === 'monetary') return 'sum';
    return undefined;
  }

  /** SQL column type in SQLite. */
  get sqlType(): string {
    switch (this.type) {
      case 'integer': case 'many2one': case 'boolean': case 'many2one_reference': return 'INTEGER';
      case 'float': case 'monetary': return 'REAL';
      default: return 'TEXT';
    }
  }

  /** Selection values for an environment (dynamic ones are computed). */
  selectionFor(env: unknown): Selection {
    const sel = this.spec.selection ?? [];
    return typeof sel === 'function' ? sel(env) : sel;
  }

  wrong(value: unknown): PyValueError {
    return new PyValueError(`Wrong value for ${this.model}.${this.name}: ${pyRepr(value)}`);
  }

  /**
   * Convert a value received from a client (create/write) to the value stored in the column.
   * Mirrors Odoo 17's convert_to_column/convert_to_cache, including its Python error texts.
   */
  toColumn(value: unknown): unknown {
    switch (this.type) {
      case 'char': case 'text': case 'html': {
        if (value === false || value === null || value === undefined) return null;
        let s = typeof value === 'string' ? value : pyStr(value);
        if (this.type === 'char' && this.spec.size && s.length > this.spec.size) s = s.slice(0, this.spec.size);
        if (this.type === 'html' && this.spec.sanitize !== false) s = sanitizeHtml(s);
        return s;
      }
      case 'integer': case 'many2one_reference': {
        if (value === null || value === undefined || value === false || value === '' || value === 0) return 0;
        if (value === true) return 1;
        if (typeof value === 'number') {
          if (!Number.isFinite(value)) throw new PyValueError(`cannot convert float ${value} to integer`);
          return Math.trunc(value);
        }
        if (value instanceof PyFloat) return Math.trunc(value.value);
        if (typeof value === 'string') {
          const t = value.trim().replace(/_/g, '');
          if (/^[+-]?\d+$/.test(t)) return parseInt(t, 10);
          throw new PyValueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
        }
        throw new PyValueError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
      }
      case 'float': case 'monetary': {
        if (value === null || value === undefined || value === false || value === '') return 0.0;
        if (value === true) return 1.0;
        if (typeof value === 'number') return this.round(value);
        if (value instanceof PyFloat) return this.round(value.value);
        if (typeof value === 'string') {
          const t = value.trim();
          if (t !== '' && !Number.isNaN(Number(t))) return this.round(Number(t));
          throw new PyValueError(`could not convert string to float: ${pyRepr(value)}`);
        }
        throw new PyValueError(`float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
      }
      case 'boolean':
        return pyTruthy(value) ? 1 : 0;
      case 'date': {
        if (!pyTruthy(value)) return null;
        if (typeof value !== 'string') throw new PyValueError(`Wrong value for ${this.model}.${this.name}: ${pyRepr(value)}`);
        const s = value.slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || !validDate(s)) {
          throw new PyValueError(`time data ${pyRepr(s)} does not match format '%Y-%m-%d'`);
        }
        return s;
      }
      case 'datetime': {
        if (!pyTruthy(value)) return null;
        if (typeof value !== 'string') throw new PyValueError(`Wrong value for ${this.model}.${this.name}: ${pyRepr(value)}`);
        return parseDatetime(value);
      }
      case 'selection': {
        if (!pyTruthy(value)) return null;
        const sel = this.spec.selection ?? [];
        if (typeof value !== 'string') throw this.wrong(value);
        // dynamic selections are validated by the model, which has the environment
        if (typeof sel !== 'function' && !sel.some(([k]) => k === value)) throw this.wrong(value);
        return value;
      }
      case 'many2one': {
        if (value === false || value === null || value === undefined || value === 0) return null;
        if (typeof value === 'number' && Number.isInteger(value)) return value;
        // Odoo 17 silently drops lists/strings for many2one (convert_to_cache only accepts int/record/tuple)
        return null;
      }
      case 'binary': {
        if (!pyTruthy(value)) return null;
        if (typeof value === 'string') return value;
        if (Buffer.isBuffer(value)) return value.toString('base64');
        return String(value);
      }
      case 'json': {
        if (!pyTruthy(value)) return null;
        return JSON.stringify(value);
      }
      case 'reference': {
        if (!pyTruthy(value)) return null;
        if (typeof value === 'string' && /^[\w.]+,\d+$/.test(value)) return value;
        throw this.wrong(value);
      }
      default:
        throw this.wrong(value);
    }
  }

  private round(v: number): number {
    const digits = this.spec.digits;
    if (digits) {
      const f = 10 ** digits[1];
      return Math.round(v * f) / f;
    }
    return v;
  }

  /** Column value → internal value (false for unset). */
  fromColumn(raw: unknown): unknown {
    switch (this.type) {
      case 'integer': case 'many2one_reference': return raw === null ? 0 : raw;
      case 'float': case 'monetary': return raw === null ? 0 : raw;
      case 'boolean': return raw === 1 || raw === true;
      case 'many2one': return raw === null ? false : raw;
      case 'json': return raw === null ? false : JSON.parse(raw as string);
      default: return raw === null ? false : raw;
    }
  }

  /** Internal value → value sent by read() (floats keep their Python type). */
  toRead(value: unknown): unknown {
    if ((this.type === 'float' || this.type === 'monetary')) return new PyFloat(Number(value) || 0);
    return value;
  }
}

export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v as object).length > 0;
  return true;
}

export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** str() of a non-string JSON value, Python style. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

/** Days of each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether 'YYYY-MM-DD' (digits already checked) names a day of the calendar. */
function validDate(s: string): boolean {
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  if (m !== 2) return d <= MONTH_DAYS[m - 1];
  // years 0-99 count as 1900-1999, as Date.UTC reads them
  let y = Number(s.slice(0, 4));
  if (y <= 99) y += 1900;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (leap ? 29 : 28);
}

/** Odoo's Datetime.to_datetime: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' or full; no 'T', no tz. */
export function parseDatetime(value: string): string {
  const s = value;
  let m = /^(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (m && validDate(m[1])) return `${m[1]} 00:00:00`;
  m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?$/.exec(s);
  if (m && validDate(m[1]) && +m[2] < 24 && +m[3] < 60 && (m[4] === undefined || +m[4] < 60)) {
    return `${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}`;
  }
  throw new PyValueError(`time data ${pyRepr(s)} does not match format '%Y-%m-%d %H:%M:%S'`);
}

/** odoo.tools.human_size: '12.34 Kb' (bin_size reads of binary fields). */
export function humanSize(size: number): string | false {
  if (!size) return false;
  const units = ['bytes', 'Kb', 'Mb', 'Gb', 'Tb'];
  let s = size;
  let i = 0;
  while (s >= 1024 && i < units.length - 1) { s /= 1024; i++; }
  return `${s.toFixed(2)} ${units[i]}`;
}

/** UTC now as Odoo stores it, by the database's clock (fields.Datetime.now()). */
export function nowUtc(cr: { clock: Clock }): string {
  return utcDatetime(cr.clock.now());
}

/** fields.Date.today(): the UTC date by the database's clock. */
export function todayUtc(cr: { clock: Clock }): string {
  return utcDate(cr.clock.now());
}

/**
 * Minimal html sanitation with Odoo's visible effect: plain text is wrapped in <p>, script/style
 * elements and event-handler attributes are dropped, no-break spaces come back as &nbsp;.
 */
export function sanitizeHtml(html: string): string {
  let s = html.replace(/<(script|style|iframe|object|embed)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|style|iframe|object|embed)\b[^>]*\/?>/gi, '')
    .replace(/\son\w+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/(href|src)\s*=\s*(["'])\s*javascript:[^"']*\2/gi, '$1=$2#$2');
  if (s.trim() === '') return s;
  // lxml writes a no-break space back as its entity
  s = s.replace(/\u00a0/g, '&nbsp;');
  if (!/^\s*</.test(s)) s = `<p>${s}</p>`;
  return s;
}
