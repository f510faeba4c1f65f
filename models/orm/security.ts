/**
 * Access rights (ir.model.access), record rules (ir.rule) and field groups, as Odoo 17 applies
 * them (security.md §1–§2). Superuser mode (`env.su`) bypasses everything; nothing reachable
 * over RPC runs in superuser mode except as uid 1.
 */
import type { Clock } from '../tools/clock';
import { plainJson, searchNesting, type BaseModel } from './model';
import type { Field } from './fields';
import { AccessError, PyAssertionError, PyValueError } from './exceptions';
import { AND, OR, DomainCompiler, type Domain } from './domain';
import { missingError } from '../tools/missing';
import { SQL, ident } from './sql';
import { parsePyExpr, evalPyNode, type PyNode } from '../tools/safe_eval';
import { pyRepr } from '../tools/pyrepr';
import { translatedSql } from './translate';
import { disallowedFromCache } from './rule_rows';

const MODES = new Set(['read', 'write', 'create', 'unlink']);
const VERB: Record<string, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

/**
 * Per-database memo that survives calls but is dropped on any data change, so results that
 * depend on stored data (groups, ACL rows, rule domains) are never stale.
 */
function memo<T>(model: BaseModel, key: string, compute: () => T): T {
  return model.env.crossCall(key, compute);
}

function groupKey(model: BaseModel): string {
  // the user's group set is one object while it is valid (crossCall): its key is made once
  const groups = model.env.userGroupIds();
  let key = groupKeys.get(groups);
  if (key === undefined) groupKeys.set(groups, key = [...groups].sort((a, b) => a - b).join(','));
  return key;
}
const groupKeys = new WeakMap<Set<number>, string>();

/** ACL check; returns false (or raises AccessError) when the user has no right for `mode`. */
export function checkAccessRights(model: BaseModel, mode: string, raiseException = true): boolean {
  // ir.model.access.check: `assert mode in (...), 'Invalid access mode'`
  if (!MODES.has(mode)) throw new PyAssertionError('Invalid access mode');
  if (model.env.su) return true;
  const name = model._name;
  const allowed = memo(model, `acl:${model.env.uid}:${name}:${mode}`, () => {
    const groups = [...model.env.userGroupIds()];
    const row = model.env.cr.get(
      `SELECT 1 AS ok FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id
        WHERE m.model = ? AND a.active = 1 AND a.${ident(`perm_${mode}`)} = 1
          AND (a.group_id IS NULL OR a.group_id IN (${groups.map(() => '?').join(',') || 'NULL'})) LIMIT 1`,
      [name, ...groups]);
    return !!row;
  });
  if (allowed) return true;
  if (!raiseException) return false;
  throw accessRightsError(model, mode);
}

export function accessRightsError(model: BaseModel, mode: string): AccessError {
  // the names in the user's language (Odoo 17 group_names_with_access: COALESCE(name->>lang, name->>'en_US'))
  const cat = translatedSql('c."name"', model.env);
  const grp = translatedSql('g."name"', model.env);
  const rows = model.env.cr.all<{ cat: string | null; grp: string }>(
    `SELECT ${cat} AS cat, ${grp} AS grp FROM ir_model_access a
       JOIN ir_model m ON m.id = a.model_id
       JOIN res_groups g ON g.id = a.group_id
       LEFT JOIN ir_module_category c ON c.id = g.category_id
      WHERE m.model = ? AND a.active = 1 AND a.${ident(`perm_${mode}`)} = 1
      ORDER BY c.name IS NULL, 1, 2`, [model._name]);
  // ir.model.access.group_names_with_access: one line per granting ACL row (no de-duplication)
  const header = `You are not allowed to ${VERB[mode]} '${model.cls._description}' (${model._name}) records.`;
  const info = rows.length
    ? `This operation is allowed for the following groups:\n${rows.map((r) => `\t- ${r.cat ? `${r.cat}/${r.grp}` : r.grp}`).join('\n')}`
    : 'No group currently allows this operation.';
  return new AccessError(`${header}\n\n${info}\n\nContact your administrator to request access if necessary.`);
}

interface RuleRow { id: number; name: string; domain_force: string | null; global: number; groups: string | null }

const parsed = new Map<string, PyNode>();
function parseCached(expr: string): PyNode {
  let node = parsed.get(expr);
  if (!node) {
    node = parsePyExpr(expr);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(expr, node);
  }
  return node;
}

/** The names a rule domain is evaluated with (ir.rule._eval_context). */
export function ruleEvalContext(model: BaseModel): Record<string, unknown> {
  const env = model.env;
  const { companyId, companyIds } = env.companyInfo();
  return {
    user: env.model('res.users').sudo().withContext({}).browse([env.uid]),
    // the clock is read when a rule uses `time` (only then does the rule domain depend on it)
    time: pyTimeAt({ now: () => env.cr.clock.now() }),
    company_ids: companyIds,
    company_id: companyId,
  };
}

/** Rules of `mode` that apply to the user, in id order. */
function applicableRules(model: BaseModel, mode: string): RuleRow[] {
  const groups = [...model.env.userGroupIds()];
  return model.env.cr.all<RuleRow>(
    `SELECT r.id, r.name, r.domain_force, r."global",
            (SELECT group_concat(rg.group_id) FROM rule_group_rel rg WHERE rg.rule_group_id = r.id) AS groups
       FROM ir_rule r JOIN ir_model m ON m.id = r.model_id
      WHERE m.model = ? AND r.active = 1 AND r.${ident(`perm_${mode}`)} = 1
        AND (r."global" = 1 OR EXISTS (SELECT 1 FROM rule_group_rel rg WHERE rg.rule_group_id = r.id
                                       AND rg.group_id IN (${groups.map(() => '?').join(',') || 'NULL'})))
      ORDER BY r.id`, [model._name, ...groups]);
}

/**
 * The records a user may access in `mode`: the record rules (irRuleDomain), or, for models whose
 * access Odoo checks in code, what the model's `_accessDomain(mode, rules)` makes of them: the
 * rules AND a condition of its own (mail.message's _search / check_access_rule), or the rules OR
 * another way in (mail.activity's _filter_access_rules: access to the related document).
 * null = no restriction. It applies to the model itself, not to `_inherits` children.
 */
export function ruleDomain(model: BaseModel, mode: string): Domain | null {
  const rules = irRuleDomain(model, mode);
  const own = (model as unknown as { _accessDomain?: (mode: string, rules: Domain | null) => Domain | null })._accessDomain;
  if (model.env.su || typeof own !== 'function') return rules;
  const ctxKey = JSON.stringify(model.env.context.allowed_company_ids ?? null);
  return memo(model, `access:${model.env.uid}:${groupKey(model)}:${model._name}:${mode}:${ctxKey}`, () => own.call(model, mode, rules));
}

/** AND(global rules) AND OR(group rules), plus `_inherits` parents' rules; null = no rule. */
function irRuleDomain(model: BaseModel, mode: string): Domain | null {
  if (model.env.su) return null;
  const ctxKey = JSON.stringify(model.env.context.allowed_company_ids ?? null);
  return memo(model, `rule:${model.env.uid}:${groupKey(model)}:${model._name}:${mode}:${ctxKey}`, () => {
    const rules = applicableRules(model, mode);
    const globals: Domain[] = [];
    const grouped: Domain[] = [];
    let ctx: Record<string, unknown> | null = null;
    for (const r of rules) {
      let dom: Domain = [];
      if (r.domain_force && r.domain_force.trim()) {
        ctx = ctx ?? ruleEvalContext(model);
        const v = evalPyNode(parseCached(r.domain_force), ctx);
        dom = Array.isArray(v) ? (v as Domain) : [];
      }
      if (r.global) globals.push(dom.length ? dom : [[1, '=', 1]]);
      else grouped.push(dom.length ? dom : [[1, '=', 1]]);
    }
    const parts: Domain[] = [...globals];
    if (grouped.length) parts.push(OR(grouped));
    for (const [parent, link] of Object.entries(model.cls._inherits)) {
      const pdom = irRuleDomain(model.env.model(parent), mode);
      if (pdom) parts.push([[link, 'any', pdom]]);
    }
    return parts.length ? AND(parts) : null;
  });
}

/**
 * What reading a field of `records` checks in Odoo: the read ACL, then the read rules. Model
 * methods that read records they were given (buttons, actions) call it before looking.
 */
export function checkReadAccess(records: BaseModel): void {
  checkAccessRights(records, 'read');
  checkAccessRule(records, 'read');
}

/** Record rules for read/write/unlink/create on existing records (AccessError / MissingError). */
export function checkAccessRule(records: BaseModel, mode: string): void {
  if (records.env.su) return;
  // ir.rule._compute_domain
  if (!MODES.has(mode)) throw new PyValueError(`Invalid mode: ${pyRepr(mode)}`);
  if (!records.ids.length) return;
  const rules = irRuleDomain(records, mode);
  const full = ruleDomain(records, mode);
  if (!full) return;
  const ids = [...new Set(records.ids)];
  const invalid = disallowed(records, ids, full);
  if (!invalid.length) return;
  // records the record rules refuse fail on them (Odoo's super().check_access_rule, or the
  // _filter_access_rules error); the others on the model's own check, which raises its own
  // error (mail.message: "...due to security restrictions...")
  const own = full !== rules && !(rules && disallowed(records, invalid, rules).length);
  const existing = records.browse(invalid).exists().ids;
  const missing = invalid.filter((id) => !existing.includes(id));
  if (missing.length && mode !== 'read') {
    // the rule check reads the records' fields: Odoo fails on the missing ones first
    throw missingError(records, missing);
  }
  if (!existing.length) return;
  const custom = own ? (records as unknown as { _accessError?: (mode: string, ids: number[]) => AccessError })._accessError : undefined;
  throw typeof custom === 'function' ? custom.call(records, mode, existing) : ruleError(records, mode);
}

/** Ids of `ids` the domain does not match. */
function disallowed(records: BaseModel, ids: number[], dom: Domain): number[] {
  // a rule on the records' own many2ones, whose rows the call holds: no statement needed
  const fromCache = disallowedFromCache(records, ids, dom);
  if (fromCache) return fromCache;
  const alias = `${records.cls._table}__rule`;
  const where = ruleCheckSql(records, alias, dom);
  const allowed = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = records.env.cr.raw(new SQL(
      `SELECT ${ident(alias)}.id FROM ${ident(records.cls._table)} AS ${ident(alias)} WHERE ${ident(alias)}.id IN (${chunk.map(() => '?').join(',')}) AND ${where.text}`,
      [...chunk, ...where.params]));
    rows.forEach((r) => allowed.add(r[0] as number));
  }
  return ids.filter((id) => !allowed.has(id));
}

/**
 * The rule domain `dom` compiled for checking given rows of `alias`. The rows are the given ids:
 * sub-queries through many2ones are correlated (see fewRows). As a top-level search's SQL
 * (BaseModel._searchSql), the compiled condition is kept across calls while the tables its
 * compilation read are unchanged: the same rules are checked at every call of a user.
 */
function ruleCheckSql(records: BaseModel, alias: string, dom: Domain): SQL {
  // compiled as superuser with the context { active_test: false } only (not the caller's): what
  // it gives depends on the user and the domain, not on the call's context (active_ids...)
  const compile = () => new DomainCompiler(records.sudo().withContext({ active_test: false }), alias, { fewRows: true }).compile(dom);
  const env = records.env;
  if (searchNesting() !== 0 || !plainJson(dom)) return compile();
  const key = `rule-check:${records._name}:${env.uid}:${JSON.stringify(dom)}`;
  return key.length < 4096 ? env.crossCall(key, compile) : compile();
}

/** The 17.0 record-rule AccessError, short form (the form every RPC and portal user gets). */
export function ruleError(records: BaseModel, mode: string): AccessError {
  const user = records.env.model('res.users').sudo().browse([records.env.uid]);
  let name = '';
  try { name = String(user.get('name') ?? ''); } catch { name = ''; }
  return new AccessError(
    'Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n'
    + `Sorry, ${name} (id=${records.env.uid}) doesn't have '${mode}' access to:\n`
    + `- ${records.cls._description} (${records._name})\n\n`
    + 'If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.');
}

/** Whether the user may see a field restricted with `groups=`. */
export function fieldAllowed(model: BaseModel, f: Field): boolean {
  if (!f.spec.groups || model.env.su) return true;
  return f.spec.groups.split(',').some((g) => {
    const xmlid = g.trim();
    if (xmlid.startsWith('!')) return !model.env.hasGroup(xmlid.slice(1));
    return model.env.hasGroup(xmlid);
  });
}

export function checkFieldAccess(model: BaseModel, fnames: Iterable<string>, operation: string): void {
  if (model.env.su) return;
  const denied = [...new Set(fnames)].filter((n) => {
    const f = model.cls._fields[n];
    return f && !fieldAllowed(model, f);
  });
  if (!denied.length) return;
  if (!model.env.hasGroup('base.group_no_one')) {
    throw new AccessError(
      `You do not have enough rights to access the fields "${denied.join(',')}" on ${model.cls._description} (${model._name}). `
      + `Please contact your system administrator.\n\n(Operation: ${operation})`);
  }
  // technical-features users get the detailed form (models.py check_field_access_rights)
  const lines = [...new Set(denied)].sort().map((n) => `- ${n} (${describeFieldGroups(model, model.cls._fields[n])})`);
  throw new AccessError(
    'The requested operation can not be completed due to security restrictions.\n\n'
    + `Document type: ${model.cls._description} (${model._name})\nOperation: ${operation}\nUser: ${model.env.uid}\nFields:\n${lines.join('\n')}`);
}

/** Odoo's format_groups: "always forbidden" for groups='.', else the groups allowed/forbidden. */
function describeFieldGroups(model: BaseModel, f: Field): string {
  const spec = f.spec.groups ?? '';
  if (spec === '.') return 'always forbidden';
  const names = (xmlids: string[]) => {
    const ids = xmlids.map((x) => model.env.xmlidLookup(x)?.[1]).filter((id): id is number => typeof id === 'number').sort((a, b) => a - b);
    const groups = model.env.model('res.groups').sudo().browse([...new Set(ids)]);
    return groups.ids.map((id) => pyRepr(String(groups.browse([id]).get('display_name')))).join(', ');
  };
  const parts = spec.split(',').map((g) => g.trim());
  const out: string[] = [];
  const anyof = parts.filter((g) => !g.startsWith('!'));
  const noneof = parts.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  if (anyof.length) out.push(`allowed for groups ${names(anyof)}`);
  if (noneof.length) out.push(`forbidden for groups ${names(noneof)}`);
  return out.join('; ');
}

/** The subset of Python's `time` module that rule and data expressions use, on a database's clock. */
export function pyTimeAt(clock: Clock) {
  return {
  strftime(fmt: string): string {
    const d = new Date(clock.now());
    const pad = (n: number) => String(n).padStart(2, '0');
    return fmt.replace(/%([YmdHMSjy%])/g, (_, c: string) => {
      switch (c) {
        case 'Y': return String(d.getFullYear());
        case 'y': return pad(d.getFullYear() % 100);
        case 'm': return pad(d.getMonth() + 1);
        case 'd': return pad(d.getDate());
        case 'H': return pad(d.getHours());
        case 'M': return pad(d.getMinutes());
        case 'S': return pad(d.getSeconds());
        case 'j': return String(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 0).getTime()) / 86400000)).padStart(3, '0');
        default: return '%';
      }
    });
  },
  time(): number { return clock.now() / 1000; },
  };
}

