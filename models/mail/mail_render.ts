/**
 * Rendering for the mail addon: handlebars texts (mail.template subjects and bodies, stored in
 * the database) and the addon's own templates in views/mail/ (notification layout, activity
 * messages), standing for Odoo's QWeb mail templates. Also the web.base.url lookup that makes
 * links absolute, as mail.render.mixin does.
 */
import fs from 'fs';
import path from 'path';
import type Handlebars from 'handlebars';
import type { BaseModel } from '../orm/model';
import { VIEWS_DIR } from '../paths';
import { pyTruthy, safeEval } from '../tools/safe_eval';
import { pyStr } from '../tools/pyrepr';

/** The mail templates' handlebars instance, loaded on first use (start-up time). */
let hbs: typeof Handlebars | null = null;
const compiled = new Map<string, HandlebarsTemplateDelegate>();

function engine(): typeof Handlebars {
  hbs ??= (require('handlebars') as typeof Handlebars).create();
  return hbs;
}

/** Render a template text (handlebars, HTML-escaping by default) with values. */
export function renderTemplate(source: string, values: Record<string, unknown>): string {
  let fn = compiled.get(source);
  if (!fn) {
    fn = engine().compile(source, { strict: false });
    if (compiled.size > 500) compiled.clear();
    compiled.set(source, fn);
  }
  return fn(values);
}

/**
 * Odoo's inline templates (tools/rendering_tools.py): every `{{ expression }}` is evaluated
 * (safe_eval) with the given values and replaced by str() of its result, or by nothing when the
 * result is falsy. No HTML escaping: subjects and addresses are plain text.
 */
export function renderInlineTemplate(source: string, values: Record<string, unknown>): string {
  return source.replace(/\{\{(.+?)\}\}/gs, (_m, expr: string) => {
    const result = safeEval(expr.trim(), values);
    return pyTruthy(result) ? pyStr(result) : '';
  });
}

const viewSources = new Map<string, string>();

/** Render views/mail/<name>.hbs (read once per process). */
export function renderMailView(name: string, values: Record<string, unknown>): string {
  let source = viewSources.get(name);
  if (source === undefined) {
    source = fs.readFileSync(path.join(VIEWS_DIR, 'mail', `${name}.hbs`), 'utf8');
    viewSources.set(name, source);
  }
  return renderTemplate(source, values);
}

/** Make relative links absolute with web.base.url (mail.render.mixin's _replace_local_links). */
export function absoluteLinks(html: string, base: string): string {
  return html.replace(/(href|src)="(\/[^"]*)"/g, (_m, attr: string, url: string) => `${attr}="${base.replace(/\/$/, '')}${url}"`);
}

export function baseUrl(model: BaseModel): string {
  const row = model.env.cr.get<{ value: string }>("SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'");
  return row?.value ?? 'http://localhost:8069';
}
