/**
 * Field-level access of searches, as Odoo 17's `_flush_search` checks it before every `_search`
 * (odoo/models.py): the fields named in the domain (each segment of a dotted path on its own
 * model, the inverse of a one2many, the path of a related field, `any` sub-domains), in the
 * order and in read_group's groupby/aggregates must all be readable by the user, else the
 * AccessError of check_field_access_rights. Record-rule domains are not checked (their fields
 * are read as superuser).
 */
import type { BaseModel } from './model';
import { checkFieldAccess } from './security';

type Collected = Map<string, { model: BaseModel; fields: Set<string> }>;

/** Raise Odoo's AccessError when the search names a field the user may not read. */
export function checkSearchFieldAccess(model: BaseModel, domain: unknown, order: string | null, fields: Iterable<string> = []): void {
  if (model.env.su) return;
  const collected: Collected = new Map();
  for (const f of fields) add(collected, model, f);
  if (order) collectFromOrder(collected, model, order, new Set());
  if (model.cls._active_name && model.env.context.active_test !== false) add(collected, model, model.cls._active_name);
  if (Array.isArray(domain)) collectFromDomain(collected, model, domain, 0);
  for (const { model: m, fields: names } of collected.values()) checkFieldAccess(m, names, 'read');
}

function add(collected: Collected, model: BaseModel, fname: string): void {
  let entry = collected.get(model._name);
  if (!entry) {
    entry = { model, fields: new Set() };
    collected.set(model._name, entry);
  }
  entry.fields.add(fname);
}

/** Sub-domains of `any` nest: iterate leaves, recursing only into those (bounded by the domain's size). */
function collectFromDomain(collected: Collected, model: BaseModel, domain: unknown[], depth: number): void {
  // a hostile domain may nest `any` deeply: the compiler reports it; nothing to check past this
  if (depth > 64) return;
  for (const arg of domain) {
    if (!Array.isArray(arg) || typeof arg[0] !== 'string') continue;
    const comodel = collectFromPath(collected, model, arg[0], 0);
    if ((arg[1] === 'any' || arg[1] === 'not any') && Array.isArray(arg[2]) && comodel) {
      collectFromDomain(collected, comodel, arg[2], depth + 1);
    }
  }
}

/** Each field of a dotted path on its model; returns the model the path ends on. */
function collectFromPath(collected: Collected, start: BaseModel, path: string, depth: number): BaseModel | null {
  let model = start;
  if (depth > 8) return model;
  for (const fname of path.split('.')) {
    const field = model.cls._fields[fname];
    if (!field) break;
    add(collected, model, fname);
    if (field.type === 'one2many' && field.spec.inverse_name && model.env.has(field.comodel)) {
      add(collected, model.env.model(field.comodel), field.spec.inverse_name);
    }
    if (field.spec.related) collectFromPath(collected, model, field.spec.related, depth + 1);
    if (field.relational) {
      if (!model.env.has(field.comodel)) return null;
      model = model.env.model(field.comodel);
    }
  }
  return model;
}

/** Order fields; a relational one brings in its comodel's default order, once per model. */
function collectFromOrder(collected: Collected, model: BaseModel, order: string, seen: Set<string>): void {
  if (seen.has(model._name)) return;
  seen.add(model._name);
  for (const part of order.split(',')) {
    const fname = part.trim().split(/\s+/)[0];
    const field = model.cls._fields[fname];
    if (!field) continue;
    add(collected, model, fname);
    if (field.relational && model.env.has(field.comodel)) {
      const co = model.env.model(field.comodel);
      collectFromOrder(collected, co, co.cls._order, seen);
    }
  }
}
