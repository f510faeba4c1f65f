/**
 * Types of the emulator/ folder API, for editors (TypeScript or JavaScript with // @ts-check):
 *
 *   // my_addon/emulator/books.js
 *   // @ts-check
 *   /** @type {import('odoo-emulator/addon').AddonModule} *\/
 *   module.exports = ({ UserError }) => ({
 *     'library.book': (Base) => class extends Base {
 *       _compute_loan_count() { return new Map(this.ids.map((id) => [id, 0])); }
 *       action_mark_lost() { this.write({ state: 'lost' }); return true; }
 *     },
 *   });
 *
 * A model's class body gets the same model API as the emulator's built-in addons (a subset of
 * models/orm/model.ts BaseModel is typed here; everything else of it is there at run time).
 */

/** Field values by name, as create/write take them and read gives them. */
export type Vals = Record<string, any>;
/** An Odoo domain: [['field', 'operator', value], '|', …]. */
export type Domain = unknown[];

/** env of a recordset: who, which context, the other models. */
export interface Env {
  readonly uid: number;
  readonly su: boolean;
  readonly context: Record<string, unknown>;
  /** env['model.name'] */
  model(name: string): Model;
  /** The record id of an xml id (raises when unknown). */
  refId(xmlid: string): number;
  /** [model, id] of an xml id, or null. */
  xmlidLookup(xmlid: string): [string, number] | null;
  hasGroup(xmlid: string, uid?: number): boolean;
  /** The current company (false when none) and the allowed ones. */
  companyInfo(): { companyId: number | false; companyIds: number[] };
}

/** A recordset of one model. */
export interface Model {
  readonly env: Env;
  readonly ids: number[];
  readonly _name: string;
  /** The single id (raises when the recordset holds several). */
  readonly id: number | false;
  readonly length: number;
  browse(ids: number | number[]): this;
  sudo(flag?: boolean): this;
  withContext(context: Record<string, unknown>): this;
  withUser(uid: number): this;
  ensureOne(): this;
  exists(): this;
  /** Field value of the single record (many2one: id or false; x2many: ids). */
  get(field: string): any;
  /** Values of each record: id → {field: value}. */
  _values(fields: string[]): Map<number, Vals>;
  /** The records of a relational field, as a recordset of its comodel. */
  rel(field: string): Model;
  /** The field's value of every record, in order. */
  mapped(field: string): any[];
  search(domain: Domain, offset?: number, limit?: number | null, order?: string | null): this;
  search_count(domain: Domain, limit?: number | null): number;
  search_read(domain?: Domain, fields?: string[] | null, offset?: number, limit?: number | null, order?: string | null): Vals[];
  read(fields?: string[] | null): Vals[];
  create(vals: Vals | Vals[]): this;
  write(vals: Vals): boolean;
  unlink(): boolean;
  copy(defaults?: Vals | null): this;
  name_search(name?: string, domain?: Domain | null, operator?: string, limit?: number): Array<[number, string | false]>;
  default_get(fields: string[]): Vals;
  [method: string]: any;
}

/** The class a model body extends. */
export type ModelClass = new (...args: any[]) => Model;

/**
 * A model's behaviour: the class body (computes return Map<id, value> or {id: value}; onchange
 * hooks get the form's values and return the changes).
 */
export type ModelBehaviour =
  | ((Base: ModelClass) => ModelClass)
  | { methods?: (Base: ModelClass) => ModelClass; onchange?: Record<string, (this: Model, values: Vals) => Vals | void> };

/** What an emulator/ file exports: model name → behaviour. */
export type AddonExports = Record<string, ModelBehaviour>;

/** Odoo's exceptions (each becomes the same RPC error as in Odoo). */
export interface OdooErrorClass { new (message: string): Error }

/** What an emulator/ file receives when it exports a function. */
export interface EmulatorApi {
  UserError: OdooErrorClass;
  ValidationError: OdooErrorClass;
  AccessError: OdooErrorClass;
  MissingError: OdooErrorClass;
  RedirectWarning: new (message: string, action: unknown, buttonText: string, context?: unknown) => Error;
  /** x2many commands (Command.create(vals) → [0, 0, vals] …). */
  Command: {
    create(values: Vals): unknown[]; update(id: number, values: Vals): unknown[]; delete(id: number): unknown[];
    unlink(id: number): unknown[]; link(id: number): unknown[]; clear(): unknown[]; set(ids: number[]): unknown[];
  };
  /** fields.Date.today() as the ORM stores it: 'YYYY-MM-DD' (UTC), by the clock of `records`' database. */
  today(records?: Model): string;
  /** fields.Datetime.now(): 'YYYY-MM-DD HH:MM:SS' (UTC), by the clock of `records`' database. */
  now(records?: Model): string;
}

/** An emulator/ file: the exports, or a function of the API returning them. */
export type AddonModule = AddonExports | ((api: EmulatorApi) => AddonExports);
