/**
 * Server-side HTML of the browser-facing routes (login, signup, reset password, /my pages, the
 * emulator outbox): handlebars templates under views/, compiled once when the routes are
 * registered, plus the small static files (CSS, JS) they use. No network, no CDN.
 *
 * Layout: views/<page>.hbs are pages, views/layouts/<name>.hbs wrap a page ({{{body}}}),
 * views/partials/<name>.hbs are partials (also usable as partial blocks), views/static/* are
 * served under /web/static/.
 */
import fs from 'fs';
import path from 'path';
import type Handlebars from 'handlebars';
import { VIEWS_DIR } from '../../models/paths';

export interface StaticFile { body: Buffer; type: string; etag: string }

const pages = new Map<string, HandlebarsTemplateDelegate>();
const statics = new Map<string, StaticFile>();
let loadedFrom: string | null = null;

const MIME: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The handlebars instance of the pages, loaded with its helpers on first use (start-up time). */
let engine: typeof Handlebars | null = null;
function hbs(): typeof Handlebars {
  if (engine) return engine;
  const e = (require('handlebars') as typeof Handlebars).create();
  // escape as QWeb (markupsafe) does: & < > " ' only — handlebars also writes '=' and '`' as
  // entities, which would put "access_token&#x3D;…" in the raw HTML of every link
  const QWEB_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
  const Utils = (e as unknown as { Utils: { escapeExpression: (s: unknown) => string } }).Utils;
  Utils.escapeExpression = (value: unknown) => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object' && value !== null && typeof (value as { toHTML?: () => string }).toHTML === 'function') return (value as { toHTML: () => string }).toHTML();
    if (value === false) return 'false';
    return String(value).replace(/[&<>"']/g, (c) => QWEB_ESCAPES[c]);
  };
  e.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  e.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  e.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  e.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  e.registerHelper('not', (a: unknown) => !a);
  /** `class="form-control {{invalid error.name}}"` → is-invalid when the key has an error. */
  e.registerHelper('invalid', (a: unknown) => (a ? 'is-invalid' : ''));
  e.registerHelper('has_error', (a: unknown) => (a ? 'o_has_error' : ''));
  /** First letter of a name, for avatar placeholders. */
  e.registerHelper('initial', (s: unknown) => (typeof s === 'string' && s.trim() ? s.trim()[0].toUpperCase() : '?'));
  engine = e;
  return e;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/**
 * Compile every template of `dir` (once per process; later calls are no-ops). Templates are
 * rendered once with empty values so that syntax errors show at start-up, not on first request.
 */
export function loadViews(dir: string = VIEWS_DIR): void {
  if (loadedFrom === dir) return;
  pages.clear();
  statics.clear();
  const files = walk(dir);
  for (const file of files) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (rel.startsWith('static/')) {
      const body = fs.readFileSync(file);
      const type = MIME[path.extname(file)] ?? 'application/octet-stream';
      const etag = `"${require('crypto').createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      statics.set(rel.slice('static/'.length), { body, type, etag });
      continue;
    }
    if (!rel.endsWith('.hbs')) continue;
    const name = rel.slice(0, -'.hbs'.length);
    const source = fs.readFileSync(file, 'utf8');
    const compiled = hbs().compile(source, { strict: false, preventIndent: true });
    if (name.startsWith('partials/')) hbs().registerPartial(name.slice('partials/'.length), compiled);
    else pages.set(name, compiled);
  }
  // force compilation now (handlebars compiles lazily on first call)
  for (const [name, fn] of pages) {
    try {
      fn({});
    } catch (e) {
      throw new Error(`views/${name}.hbs: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  loadedFrom = dir;
}

/** Render one template (no layout). */
export function render(name: string, values: Record<string, unknown>): string {
  if (!loadedFrom) loadViews();
  const fn = pages.get(name);
  if (!fn) throw new Error(`Unknown view ${name}`);
  return fn(values);
}

/** Render a page inside views/layouts/<layout>.hbs. */
export function renderPage(name: string, values: Record<string, unknown>, layout: 'login' | 'frontend' | 'plain'): string {
  const body = render(name, values);
  return render(`layouts/${layout}`, { ...values, body });
}

export function staticFile(name: string): StaticFile | undefined {
  if (!loadedFrom) loadViews();
  return statics.get(name);
}

/** Names of the static files (for tests and the route registration). */
export function staticNames(): string[] {
  if (!loadedFrom) loadViews();
  return [...statics.keys()];
}
