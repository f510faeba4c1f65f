/**
 * Odoo 17's tax engine (account/models/account_tax.py), as plain functions over loaded tax data
 * so that invoices, sale orders and RPC callers compute exactly the same figures:
 *
 * - computeAll: account.tax.compute_all (account.md §2.2): flatten groups, strip price-included
 *   taxes backwards to find the untaxed base, then apply every tax forwards; per-line rounding or
 *   global rounding (precision × 1e-5) after the company's `tax_calculation_rounding_method`.
 * - taxesForLine / aggregateTaxes: _compute_taxes_for_single_line and _aggregate_taxes, which
 *   turn document lines into per-tax amounts (global rounding spreads the rounding difference of
 *   each tax line over its base lines).
 * - prepareTaxTotals: _prepare_tax_totals, the `tax_totals` widget value (account.md §2.3).
 */
import type { Environment } from '../orm/environment';
import { currencyOf, formatLang, isZero, round as curRound, compareAmounts, type Currency } from './tools';
import { floatRound } from '../tools/float_utils';
import { PyFloat } from '../orm/values';
import { translatedSql } from '../orm/translate';

export interface RepartitionLine {
  id: number;
  factor: number;
  account_id: number | false;
  tag_ids: number[];
  use_in_tax_closing: boolean;
}

export interface TaxData {
  id: number;
  name: string;
  amount_type: 'percent' | 'fixed' | 'division' | 'group';
  amount: number;
  price_include: boolean;
  include_base_amount: boolean;
  is_base_affected: boolean;
  sequence: number;
  company_id: number;
  tax_group_id: number | false;
  tax_exigibility: string;
  analytic: boolean;
  type_tax_use: string;
  children: TaxData[];
  invoice_tax_lines: RepartitionLine[];
  refund_tax_lines: RepartitionLine[];
  invoice_base_tags: number[];
  refund_base_tags: number[];
}

export interface ComputeAllTax {
  id: number;
  name: string;
  amount: number;
  base: number;
  sequence: number;
  account_id: number | false;
  analytic: boolean;
  use_in_tax_closing: boolean;
  price_include: boolean;
  tax_exigibility: string;
  tax_repartition_line_id: number;
  /** The parent group tax, when the tax came from a group. */
  group: TaxData | null;
  tag_ids: number[];
  tax_ids: number[];
}

export interface ComputeAllResult {
  base_tags: number[];
  taxes: ComputeAllTax[];
  total_excluded: number;
  total_included: number;
  total_void: number;
}

export interface ComputeAllOptions {
  quantity?: number;
  isRefund?: boolean;
  handlePriceInclude?: boolean;
  includeCabaTags?: boolean;
  fixedMultiplicator?: number;
  /** Company rounding method; 'round_per_line' unless told. */
  roundGlobally?: boolean;
  /** context 'round' (forces/prevents per-line rounding) */
  round?: boolean;
  /** context 'round_base' (default true) */
  roundBase?: boolean;
  productTagIds?: number[];
}

/**
 * Load taxes (and the children of group taxes, and repartition lines) by id, in the given order.
 * Every synchronisation of an invoice needs them: they are kept across calls while the tax
 * tables are unchanged (Environment.crossCall), per label language.
 */
export function loadTaxes(env: Environment, ids: number[]): TaxData[] {
  if (!ids.length) return [];
  const nameSql = translatedSql('name', env);
  return env.crossCall(`account.taxes:${nameSql}:${ids.join(',')}`, () => readTaxes(env, ids, nameSql));
}

function readTaxes(env: Environment, ids: number[], nameSql: string): TaxData[] {
  const wanted = [...new Set(ids)];
  const ph = wanted.map(() => '?').join(',');
  const rows = env.cr.all<Record<string, any>>(
    `SELECT id, ${nameSql} AS name, amount_type, amount, price_include, include_base_amount, is_base_affected, sequence, company_id,
            tax_group_id, tax_exigibility, analytic, type_tax_use FROM account_tax WHERE id IN (${ph})`, wanted);
  const reps = env.cr.all<Record<string, any>>(
    `SELECT id, tax_id, factor_percent, repartition_type, document_type, account_id, use_in_tax_closing, sequence
       FROM account_tax_repartition_line WHERE tax_id IN (${ph}) ORDER BY document_type, sequence, id`, wanted);
  const tags = env.cr.all<{ line: number; tag: number }>(
    `SELECT r.account_tax_repartition_line_id AS line, r.account_account_tag_id AS tag FROM account_account_tag_account_tax_repartition_line_rel r
       JOIN account_tax_repartition_line l ON l.id = r.account_tax_repartition_line_id WHERE l.tax_id IN (${ph})`, wanted);
  const children = env.cr.all<{ parent: number; child: number }>(
    `SELECT parent_tax AS parent, child_tax AS child FROM account_tax_filiation_rel WHERE parent_tax IN (${ph})`, wanted);
  const tagsOf = new Map<number, number[]>();
  for (const t of tags) tagsOf.set(t.line, [...(tagsOf.get(t.line) ?? []), t.tag]);
  const byId = new Map<number, TaxData>();
  for (const r of rows) {
    const mine = reps.filter((l) => l.tax_id === r.id);
    const lines = (doc: string, type: string) => mine.filter((l) => l.document_type === doc && l.repartition_type === type);
    const asRep = (l: Record<string, any>): RepartitionLine => ({
      id: l.id, factor: (l.factor_percent ?? 100) / 100, account_id: l.account_id ?? false, tag_ids: tagsOf.get(l.id) ?? [],
      use_in_tax_closing: !!l.use_in_tax_closing,
    });
    const childIds = children.filter((c) => c.parent === r.id).map((c) => c.child);
    byId.set(r.id, {
      id: r.id, name: r.name, amount_type: r.amount_type, amount: r.amount ?? 0, price_include: !!r.price_include,
      include_base_amount: !!r.include_base_amount, is_base_affected: !!r.is_base_affected, sequence: r.sequence ?? 1,
      company_id: r.company_id, tax_group_id: r.tax_group_id ?? false, tax_exigibility: r.tax_exigibility ?? 'on_invoice',
      analytic: !!r.analytic, type_tax_use: r.type_tax_use, children: childIds.length ? loadTaxes(env, childIds) : [],
      invoice_tax_lines: lines('invoice', 'tax').map(asRep), refund_tax_lines: lines('refund', 'tax').map(asRep),
      invoice_base_tags: lines('invoice', 'base').flatMap((l) => tagsOf.get(l.id) ?? []),
      refund_base_tags: lines('refund', 'base').flatMap((l) => tagsOf.get(l.id) ?? []),
    });
  }
  return ids.map((id) => byId.get(id)).filter((t): t is TaxData => !!t);
}

/** The tax data cache is per call; a write to taxes within the call drops it. */
export function forgetTaxes(env: Environment): void {
  for (const k of [...env.cache.memo.keys()]) if (k.startsWith('account.tax:')) env.cache.memo.delete(k);
}

const bySeq = (a: TaxData, b: TaxData) => a.sequence - b.sequence || a.id - b.id;

/** flatten_taxes_hierarchy: groups replaced by their (sorted) children, with the child → group map. */
export function flattenTaxes(taxes: TaxData[]): Array<{ tax: TaxData; group: TaxData | null }> {
  const out: Array<{ tax: TaxData; group: TaxData | null }> = [];
  for (const t of [...taxes].sort(bySeq)) {
    if (t.amount_type === 'group') for (const c of flattenTaxes(t.children)) out.push({ tax: c.tax, group: t });
    else out.push({ tax: t, group: null });
  }
  return out;
}

/** _compute_amount of one tax on a base (price-included amounts are handled by the caller). */
function taxAmount(tax: TaxData, base: number, quantity: number, fixedMultiplicator: number, priceInclude: boolean): number {
  if (tax.amount_type === 'fixed') {
    // the sign of the base (quantity × price) carries over to the fixed amount
    return base ? copysign(quantity, base) * tax.amount * Math.abs(fixedMultiplicator) : quantity * tax.amount * Math.abs(fixedMultiplicator);
  }
  if (tax.amount_type === 'percent' && !priceInclude) return (base * tax.amount) / 100;
  if (tax.amount_type === 'percent' && priceInclude) return base - base / (1 + tax.amount / 100);
  if (tax.amount_type === 'division' && !priceInclude) return 1 - tax.amount / 100 ? base / (1 - tax.amount / 100) - base : 0;
  if (tax.amount_type === 'division' && priceInclude) return base - base * (tax.amount / 100);
  return 0;
}

function copysign(x: number, y: number): number {
  const s = y < 0 || Object.is(y, -0) ? -1 : 1;
  return Math.abs(x) * s;
}

/** account.tax.compute_all (account.md §2.2). */
export function computeAll(taxes: TaxData[], priceUnit: number, currency: Currency, opts: ComputeAllOptions = {}): ComputeAllResult {
  const quantity = opts.quantity ?? 1;
  const isRefund = !!opts.isRefund;
  const handlePriceInclude = opts.handlePriceInclude ?? true;
  const fixedMultiplicator = opts.fixedMultiplicator ?? 1;
  const flat = flattenTaxes(taxes);
  let roundTax = !opts.roundGlobally;
  if (opts.round !== undefined) roundTax = opts.round;
  const prec = roundTax ? currency.rounding : currency.rounding * 1e-5;
  const rnd = (v: number) => floatRound(v, { rounding: prec });
  const roundBase = opts.roundBase ?? true;
  const repLines = (t: TaxData) => (isRefund ? t.refund_tax_lines : t.invoice_tax_lines);
  const sumFactor = (t: TaxData) => repLines(t).reduce((s, l) => s + l.factor, 0);

  let base = priceUnit * quantity;
  if (roundBase) base = curRound(currency, base);
  let sign = 1;
  if (isZero(currency, base)) sign = fixedMultiplicator < 0 ? -1 : 1;
  else if (base < 0) { sign = -1; base = -base; }

  // 3) backwards over price-included taxes to find the untaxed base
  const checkpoints = new Map<number, number>();
  let storeCheckpoint = true;
  let incl = { percent: [] as Array<[number, number, number]>, division: [] as Array<[number, number]>, fixed: 0 };
  const recomputeBase = (b: number) => {
    const division = incl.division.reduce((s, [, f]) => s + f, 0);
    const percent = incl.percent.reduce((s, [, a, f]) => s + a * f, 0);
    const out = ((b - incl.fixed) / (1 + percent / 100)) * (100 - division) / 100;
    incl = { percent: [], division: [], fixed: 0 };
    return out;
  };
  let isBaseAffected = true;
  if (handlePriceInclude) {
    for (let i = flat.length - 1; i >= 0; i--) {
      const tax = flat[i].tax;
      const factor = sumFactor(tax);
      if (tax.include_base_amount && isBaseAffected) {
        base = recomputeBase(base);
        storeCheckpoint = true;
      }
      if (tax.price_include) {
        if (tax.amount_type === 'percent') incl.percent.push([i, tax.amount, factor]);
        else if (tax.amount_type === 'division') incl.division.push([i, tax.amount * factor]);
        else if (tax.amount_type === 'fixed') incl.fixed = Math.abs(quantity) * tax.amount * factor * Math.abs(fixedMultiplicator);
        if (storeCheckpoint && tax.amount) {
          checkpoints.set(i, base);
          storeCheckpoint = false;
        }
      }
      isBaseAffected = tax.is_base_affected;
    }
  }
  let totalExcluded = recomputeBase(base);
  if (roundBase) totalExcluded = curRound(currency, totalExcluded);

  // 4) forwards: every tax on its base
  base = totalExcluded;
  let totalIncluded = totalExcluded;
  let totalVoid = totalExcluded;
  let skipCheckpoint = false;
  let cumulatedIncluded = 0;
  const out: ComputeAllTax[] = [];
  const productTags = opts.productTagIds ?? [];
  flat.forEach(({ tax, group }, i) => {
    const priceInclude = tax.price_include;
    const taxBase = priceInclude || tax.is_base_affected ? base : totalExcluded;
    const lines = repLines(tax);
    const factor = sumFactor(tax);
    let amount: number;
    if (!skipCheckpoint && priceInclude && checkpoints.has(i) && factor !== 0) {
      amount = checkpoints.get(i)! - (base + cumulatedIncluded);
      cumulatedIncluded = 0;
    } else {
      amount = taxAmount(tax, taxBase, quantity, fixedMultiplicator, false);
    }
    amount = rnd(amount);
    const factorized = rnd(amount * factor);
    if (priceInclude && !checkpoints.has(i)) cumulatedIncluded += factorized;

    let subsequentTaxIds: number[] = [];
    let subsequentTags: number[] = [];
    if (tax.include_base_amount) {
      const subsequent = flat.slice(i + 1).map((x) => x.tax).filter((t) => t.is_base_affected);
      subsequentTaxIds = subsequent.map((t) => t.id);
      subsequentTags = subsequent.filter((t) => opts.includeCabaTags || t.tax_exigibility !== 'on_payment')
        .flatMap((t) => (isRefund ? t.refund_base_tags : t.invoice_base_tags));
    }
    // each repartition line gets its share; the rounding difference is spread one unit at a time
    const lineAmounts = lines.map((l) => rnd(amount * l.factor));
    const totalError = rnd(factorized - lineAmounts.reduce((s, x) => s + x, 0));
    let steps = Math.trunc(Math.abs(totalError / currency.rounding));
    const stepError = rnd(steps ? totalError / steps : 0);
    lines.forEach((l, k) => {
      let lineAmount = lineAmounts[k];
      if (steps) { lineAmount += stepError; steps--; }
      const tags = !opts.includeCabaTags && tax.tax_exigibility === 'on_payment' ? [] : l.tag_ids;
      out.push({
        id: tax.id, name: tax.name, amount: sign * lineAmount, base: rnd(sign * taxBase), sequence: tax.sequence,
        account_id: l.account_id, analytic: tax.analytic, use_in_tax_closing: l.use_in_tax_closing, price_include: priceInclude,
        tax_exigibility: tax.tax_exigibility, tax_repartition_line_id: l.id, group, tag_ids: [...tags, ...subsequentTags, ...productTags],
        tax_ids: subsequentTaxIds,
      });
      if (!l.account_id) totalVoid += lineAmount;
    });
    if (tax.include_base_amount) {
      base += factorized;
      if (!priceInclude) skipCheckpoint = true;
    }
    totalIncluded += factorized;
  });
  const baseTaxes = flat.map((x) => x.tax).filter((t) => opts.includeCabaTags || t.tax_exigibility !== 'on_payment');
  return {
    base_tags: [...baseTaxes.flatMap((t) => (isRefund ? t.refund_base_tags : t.invoice_base_tags)), ...productTags],
    taxes: out,
    total_excluded: sign * totalExcluded,
    total_included: sign * curRound(currency, totalIncluded),
    total_void: sign * totalVoid,
  };
}

// ---------------------------------------------------------------------------------------------
// documents: base lines → tax amounts (invoices and sale orders)
// ---------------------------------------------------------------------------------------------

/** _convert_to_tax_base_line_dict: what the engine needs of a document line. */
export interface BaseLine {
  /** Identifies the line (record id, or any key for unsaved lines). */
  record: unknown;
  partner_id: number | false;
  currency: Currency;
  product_id: number | false;
  taxes: TaxData[];
  price_unit: number;
  quantity: number;
  discount: number;
  account_id: number | false;
  analytic_distribution: unknown;
  price_subtotal: number;
  is_refund: boolean;
  rate: number;
  handle_price_include: boolean;
  extra_grouping_key?: string | null;
}

export interface TaxValues extends ComputeAllTax {
  repartition_line_id: number;
  base_amount_currency: number;
  base_amount: number;
  tax_amount_currency: number;
  tax_amount: number;
  /** the tax owning the repartition line (the child of a group) */
  tax: TaxData;
}

export interface LineResult { price_subtotal: number; price_total: number; tax_tag_ids: number[] }

export interface EngineCompany { currency: Currency; roundGlobally: boolean }

/** Company facts of the tax engine: currency and tax_calculation_rounding_method. */
export function engineCompany(env: Environment, companyId: number): EngineCompany {
  // kept across calls while res_company is unchanged: each synchronisation of a move needs it
  return env.crossCall(`account.engine_company:${companyId}`, () => {
    const row = env.cr.get<{ currency_id: number; m: string | null }>('SELECT currency_id, tax_calculation_rounding_method AS m FROM res_company WHERE id = ?', [companyId]);
    return { currency: currencyOf(env, row?.currency_id ?? 1), roundGlobally: row?.m === 'round_globally' };
  });
}

/** _compute_taxes_for_single_line (without early payment discount). */
export function taxesForLine(line: BaseLine, company: EngineCompany): [LineResult, TaxValues[]] {
  const priceUnit = line.price_unit * (1 - line.discount / 100);
  if (!line.taxes.length) {
    const subtotal = curRound(line.currency, priceUnit * line.quantity);
    return [{ price_subtotal: subtotal, price_total: subtotal, tax_tag_ids: [] }, []];
  }
  const res = computeAll(line.taxes, priceUnit, line.currency, {
    quantity: line.quantity, isRefund: line.is_refund, handlePriceInclude: line.handle_price_include, roundGlobally: company.roundGlobally,
  });
  const byId = new Map<number, TaxData>();
  for (const { tax } of flattenTaxes(line.taxes)) byId.set(tax.id, tax);
  const values = res.taxes.map((t): TaxValues => {
    let taxAmountCompany = t.amount / line.rate;
    if (!company.roundGlobally) taxAmountCompany = curRound(line.currency, taxAmountCompany);
    return {
      ...t, repartition_line_id: t.tax_repartition_line_id, tax: byId.get(t.id)!,
      base_amount_currency: t.base, base_amount: curRound(line.currency, t.base / line.rate),
      tax_amount_currency: t.amount, tax_amount: taxAmountCompany,
    };
  });
  return [{ price_subtotal: res.total_excluded, price_total: res.total_included, tax_tag_ids: res.base_tags }, values];
}

export interface TaxDetail {
  key: string;
  keyValues: Record<string, unknown>;
  base_amount_currency: number;
  base_amount: number;
  tax_amount_currency: number;
  tax_amount: number;
  group_tax_details: TaxValues[];
  records: Set<unknown>;
}

export interface Aggregated {
  base_amount_currency: number;
  base_amount: number;
  tax_amount_currency: number;
  tax_amount: number;
  tax_details: Map<string, TaxDetail>;
}

type Processed = [BaseLine, LineResult, TaxValues[]];

/** The grouping key of a tax line (_get_generation_dict_from_base_line). */
export function taxLineKeyValues(line: BaseLine, tv: TaxValues): Record<string, unknown> {
  return {
    account_id: tv.account_id || line.account_id,
    currency_id: line.currency.id,
    partner_id: line.partner_id,
    tax_repartition_line_id: tv.repartition_line_id,
    tax_ids: [...tv.tax_ids].sort((a, b) => a - b),
    tax_tag_ids: [...tv.tag_ids].sort((a, b) => a - b),
    tax_id: tv.group ? tv.group.id : tv.id,
    analytic_distribution: tv.analytic ? line.analytic_distribution ?? null : null,
    extra: line.extra_grouping_key ?? null,
  };
}

/** _aggregate_taxes: per grouping key, the summed bases (once per line) and tax amounts. */
export function aggregateTaxes(toProcess: Processed[], company: EngineCompany, keyOf: (line: BaseLine, tv: TaxValues) => Record<string, unknown>): Aggregated {
  const global: Aggregated = { base_amount_currency: 0, base_amount: 0, tax_amount_currency: 0, tax_amount: 0, tax_details: new Map() };
  if (company.roundGlobally) {
    // round each future tax line once, then spread the difference over its contributions
    const perLine = new Map<string, { tax_amount: number; tax_amount_currency: number; list: TaxValues[]; currency: Currency }>();
    for (const [line, , list] of toProcess) {
      for (const tv of list) {
        const k = JSON.stringify(taxLineKeyValues(line, tv));
        const e = perLine.get(k) ?? { tax_amount: 0, tax_amount_currency: 0, list: [], currency: line.currency };
        e.tax_amount += tv.tax_amount;
        e.tax_amount_currency += tv.tax_amount_currency;
        e.list.push(tv);
        perLine.set(k, e);
      }
    }
    for (const e of perLine.values()) {
      for (const [cur, field] of [[company.currency, 'tax_amount'], [e.currency, 'tax_amount_currency']] as Array<[Currency, 'tax_amount' | 'tax_amount_currency']>) {
        const raw = e[field];
        const diff = curRound(cur, raw) - raw;
        let absDiff = Math.abs(diff);
        const diffSign = diff < 0 ? -1 : 1;
        const nbError = Math.ceil(absDiff / cur.rounding);
        const perValue = Math.floor(nbError / e.list.length);
        let extra = nbError % e.list.length;
        for (const tv of e.list) {
          if (!absDiff) break;
          let cents = perValue;
          if (extra) { cents++; extra--; }
          const delta = Math.min(absDiff, cur.rounding * cents);
          tv[field] += diffSign * delta;
          absDiff -= delta;
        }
      }
    }
  }
  for (const [line, result, list] of toProcess) {
    global.base_amount_currency += result.price_subtotal;
    const baseAmount = curRound(line.currency, result.price_subtotal / line.rate);
    global.base_amount += baseAmount;
    for (const tv of list) {
      const keyValues = keyOf(line, tv);
      const key = JSON.stringify(keyValues);
      global.tax_amount_currency += tv.tax_amount_currency;
      global.tax_amount += tv.tax_amount;
      let d = global.tax_details.get(key);
      if (!d) {
        d = { key, keyValues, base_amount_currency: tv.base_amount_currency, base_amount: tv.base_amount, tax_amount_currency: 0, tax_amount: 0, group_tax_details: [], records: new Set([line.record]) };
        global.tax_details.set(key, d);
      } else if (!d.records.has(line.record)) {
        d.base_amount_currency += tv.base_amount_currency;
        d.base_amount += tv.base_amount;
        d.records.add(line.record);
      }
      d.tax_amount_currency += tv.tax_amount_currency;
      d.tax_amount += tv.tax_amount;
      d.group_tax_details.push(tv);
    }
  }
  return global;
}

/** Base lines → per-line results and tax values (the first step of every document computation). */
export function processLines(lines: BaseLine[], company: EngineCompany): Processed[] {
  return lines.map((l) => {
    const [res, values] = taxesForLine(l, company);
    return [l, res, values];
  });
}

export interface TaxGroupInfo { id: number; name: string; sequence: number; preceding_subtotal: string | false }

export function loadTaxGroups(env: Environment, ids: number[]): Map<number, TaxGroupInfo> {
  const out = new Map<number, TaxGroupInfo>();
  if (!ids.length) return out;
  for (const r of env.cr.all<{ id: number; name: string; sequence: number | null; preceding_subtotal: string | null }>(
    `SELECT id, ${translatedSql('name', env)} AS name, sequence, preceding_subtotal FROM account_tax_group WHERE id IN (${ids.map(() => '?').join(',')})`, ids)) {
    out.set(r.id, { id: r.id, name: r.name, sequence: r.sequence ?? 10, preceding_subtotal: r.preceding_subtotal || false });
  }
  return out;
}

/** An existing tax line of a stored document, for prepareTaxTotals' manual amounts. */
export interface TaxLineInfo { tax_group_id: number | false; tax_amount: number }

/**
 * _prepare_tax_totals (account.md §2.3): amounts per tax group under their subtotal, with the
 * formatted strings. `taxLines` (stored invoices) replace a group's computed amount by the sum of
 * its tax lines.
 */
export function prepareTaxTotals(env: Environment, lines: BaseLine[], currency: Currency, company: EngineCompany, taxLines?: TaxLineInfo[], companyCurrencyRequested = false): Record<string, unknown> {
  const processed = processLines(lines, company);
  const global = aggregateTaxes(processed, company, (_l, tv) => ({ tax_group: tv.tax.tax_group_id }));
  const groups = loadTaxGroups(env, [...new Set([...global.tax_details.values()].map((d) => d.keyValues.tax_group as number).filter(Boolean))]);
  const fallback = (id: number): TaxGroupInfo => groups.get(id) ?? { id, name: '', sequence: 10, preceding_subtotal: false };
  const groupVals = [...global.tax_details.values()].map((d) => {
    const group = fallback(d.keyValues.tax_group as number);
    let taxAmount = d.tax_amount_currency;
    if (taxLines) {
      const matched = taxLines.filter((t) => t.tax_group_id === group.id);
      if (matched.length) taxAmount = matched.reduce((s, t) => s + t.tax_amount, 0);
    }
    return {
      group, base_amount: d.base_amount_currency, tax_amount: taxAmount,
      base_amount_company_currency: d.base_amount, tax_amount_company_currency: d.tax_amount,
      hide_base_amount: d.group_tax_details.every((tv) => tv.tax.amount_type === 'fixed'),
    };
  }).sort((a, b) => a.group.sequence - b.group.sequence || a.group.id - b.group.id);

  const amountUntaxed = global.base_amount_currency;
  let amountTax = 0;
  const amountUntaxedCompany = global.base_amount;
  let amountTaxCompany = 0;
  const subtotalOrder = new Map<string, number>();
  const bySubtotal = new Map<string, Array<Record<string, unknown>>>();
  for (const gv of groupVals) {
    const title = gv.group.preceding_subtotal || 'Untaxed Amount';
    subtotalOrder.set(title, Math.min(subtotalOrder.get(title) ?? Infinity, gv.group.sequence));
    const entry: Record<string, unknown> = {
      group_key: gv.group.id, tax_group_id: gv.group.id, tax_group_name: gv.group.name,
      tax_group_amount: gv.tax_amount, tax_group_base_amount: gv.base_amount,
      formatted_tax_group_amount: formatLang(env, gv.tax_amount, currency),
      formatted_tax_group_base_amount: formatLang(env, gv.base_amount, currency),
      hide_base_amount: gv.hide_base_amount,
    };
    if (companyCurrencyRequested) {
      entry.tax_group_amount_company_currency = gv.tax_amount_company_currency;
      entry.tax_group_base_amount_company_currency = gv.base_amount_company_currency;
    }
    bySubtotal.set(title, [...(bySubtotal.get(title) ?? []), entry]);
  }
  const order = [...subtotalOrder.keys()].sort((a, b) => subtotalOrder.get(a)! - subtotalOrder.get(b)!);
  const subtotals: Array<Record<string, unknown>> = [];
  for (const title of order) {
    const total = amountUntaxed + amountTax;
    const s: Record<string, unknown> = { name: title, amount: total, formatted_amount: formatLang(env, total, currency) };
    if (companyCurrencyRequested) {
      s.amount_company_currency = amountUntaxedCompany + amountTaxCompany;
      amountTaxCompany += bySubtotal.get(title)!.reduce((x, g) => x + (g.tax_group_amount_company_currency as number), 0);
    }
    subtotals.push(s);
    amountTax += bySubtotal.get(title)!.reduce((x, g) => x + (g.tax_group_amount as number), 0);
  }
  const amountTotal = amountUntaxed + amountTax;
  const displayTaxBase = (global.tax_details.size === 1 && compareAmounts(currency, groupVals[0].base_amount, amountUntaxed) !== 0) || global.tax_details.size > 1;
  const result: Record<string, unknown> = {
    amount_untaxed: curRound(currency, amountUntaxed),
    amount_total: curRound(currency, amountTotal),
    formatted_amount_total: formatLang(env, amountTotal, currency),
    formatted_amount_untaxed: formatLang(env, amountUntaxed, currency),
    groups_by_subtotal: Object.fromEntries(order.map((t) => [t, bySubtotal.get(t)!])),
    subtotals,
    subtotals_order: order,
    display_tax_base: displayTaxBase,
  };
  if (companyCurrencyRequested) result.amount_total_company_currency = curRound(company.currency, amountUntaxedCompany + amountTaxCompany);
  return result;
}

const TOTALS_FLOAT_KEYS = new Set([
  'amount_untaxed', 'amount_total', 'tax_group_amount', 'tax_group_base_amount', 'amount', 'amount_company_currency',
  'tax_group_amount_company_currency', 'tax_group_base_amount_company_currency', 'amount_total_company_currency', 'rounding_amount',
]);

/**
 * A tax_totals (or widget) value as clients receive it: amounts are Python floats (`30.0`, not
 * `30`), ids and flags keep their types.
 */
export function withPyFloats<T>(value: T, keys: ReadonlySet<string> = TOTALS_FLOAT_KEYS): T {
  if (Array.isArray(value)) return value.map((v) => withPyFloats(v, keys)) as unknown as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = typeof v === 'number' && keys.has(k) ? new PyFloat(v) : withPyFloats(v, keys);
    }
    return out as T;
  }
  return value;
}
