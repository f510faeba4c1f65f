/**
 * Helpers of the browser-facing route tests: a cookie-jar HTTP client that submits forms the way
 * a browser does (reading the csrf_token from the page), admin RPC calls, the outbox, and small
 * HTML extractors.
 */
import type { TestServer } from '../helpers/server';
import { JsonClient } from '../helpers/server';

export interface Page {
  status: number;
  location: string | null;
  text: string;
  headers: Headers;
  url: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e in ENTITIES) return ENTITIES[e];
    if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return m;
  });
}

/** Text of an HTML fragment: tags removed, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** A "browser": cookies kept between requests, redirects not followed unless asked. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(public baseUrl: string) {}

  async request(path: string, opts: { method?: string; form?: Record<string, string>; body?: string; contentType?: string } = {}): Promise<Page> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined = opts.body;
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (opts.contentType) {
      headers['Content-Type'] = opts.contentType;
    }
    const res = await fetch(this.baseUrl + path, { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), headers: res.headers, url: path };
  }

  get(path: string): Promise<Page> { return this.request(path); }

  post(path: string, form: Record<string, string>): Promise<Page> { return this.request(path, { method: 'POST', form }); }

  /** GET, following redirects (303/302) like a browser; returns the last page. */
  async follow(path: string, max = 10): Promise<Page> {
    let page = await this.get(path);
    for (let i = 0; i < max && page.location && [301, 302, 303, 307].includes(page.status); i++) page = await this.get(page.location);
    return page;
  }

  /** GET `path`, then POST `fields` to `action` (default: the same path) with the page's CSRF token. */
  async submit(path: string, fields: Record<string, string>, action?: string): Promise<Page> {
    const page = await this.get(path);
    if (page.status !== 200) throw new Error(`GET ${path}: HTTP ${page.status}`);
    return this.post(action ?? path, { csrf_token: csrfToken(page.text), ...fields });
  }

  /** Log in through /web/login; returns the redirect response. */
  async login(login: string, password: string, redirect?: string): Promise<Page> {
    const fields: Record<string, string> = { login, password };
    if (redirect) fields.redirect = redirect;
    return this.submit('/web/login', fields);
  }

  get sessionId(): string | undefined { return this.cookies.get('session_id'); }
}

export function csrfToken(html: string): string {
  const m = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no csrf_token in the page');
  return decode(m[1]);
}

/** Texts of the elements of a class list, e.g. alerts(html, 'alert-danger'). */
export function byClass(html: string, cls: string, tag = '[a-z0-9]+'): string[] {
  const re = new RegExp(`<(${tag})\\b[^>]*class="[^"]*\\b${cls}\\b[^"]*"[^>]*>([\\s\\S]*?)</\\1>`, 'gi');
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) out.push(textOf(m[2]));
  return out;
}

/** The value attribute of the input named `name`. */
export function inputValue(html: string, name: string): string | null {
  const m = new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`, 'i').exec(html);
  if (!m) return null;
  const v = /\bvalue="([^"]*)"/.exec(m[0]);
  return v ? decode(v[1]) : '';
}

/** The whole <input ...> tag named `name` (to check attributes like readonly or is-invalid). */
export function inputTag(html: string, name: string): string | null {
  const m = new RegExp(`<(input|select)\\b[^>]*\\bname="${name}"[^>]*>`, 'i').exec(html);
  return m ? m[0] : null;
}

/** Admin RPC over /jsonrpc (execute_kw); throws the Odoo error message. */
export class Admin {
  c: JsonClient;
  constructor(public srv: TestServer, public uid = 2, public password = 'admin') { this.c = new JsonClient(srv.url); }

  async kw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
    const body = await this.c.service('object', 'execute_kw', this.srv.db, this.uid, this.password, model, method, args, kwargs);
    if (body.error) throw new Error(body.error.data?.message ?? JSON.stringify(body.error));
    return body.result;
  }

  setParam(key: string, value: string): Promise<boolean> {
    return this.kw('ir.config_parameter', 'set_param', [key, value]);
  }

  /** Contacts → Grant portal access for a new partner; returns the partner and user ids. */
  async grantPortal(name: string, email: string, extra: Record<string, unknown> = {}): Promise<{ partnerId: number; userId: number; lineId: number; wizardId: number }> {
    const partnerId = await this.kw('res.partner', 'create', [{ name, email, ...extra }]);
    const action = await this.kw('portal.wizard', 'action_open_wizard', [], { context: { active_ids: [partnerId], active_model: 'res.partner' } });
    const [wiz] = await this.kw('portal.wizard', 'read', [[action.res_id], ['user_ids']]);
    const lines = await this.kw('portal.wizard.user', 'read', [wiz.user_ids, ['partner_id', 'user_id']]);
    const line = lines.find((l: { partner_id: [number, string] }) => l.partner_id[0] === partnerId);
    await this.kw('portal.wizard.user', 'action_grant_access', [[line.id]]);
    const [after] = await this.kw('portal.wizard.user', 'read', [[line.id], ['user_id']]);
    return { partnerId, userId: after.user_id[0], lineId: line.id, wizardId: action.res_id };
  }

  /** A portal user with a known password (granted, then the password set by the admin). */
  async portalUser(name: string, email: string, password: string, extra: Record<string, unknown> = {}): Promise<{ partnerId: number; userId: number; login: string; lineId: number }> {
    const r = await this.grantPortal(name, email, extra);
    await this.kw('res.users', 'write', [[r.userId], { password }]);
    const [u] = await this.kw('res.users', 'read', [[r.userId], ['login']]);
    return { ...r, login: u.login };
  }
}

export interface OutboxLink { url: string; text: string; token: string | null; db: string | null; login: string | null; redirect: string | null }
export interface OutboxAttachment { id: number; name: string; mimetype: string | null; size: number; url: string }

export interface OutboxMail {
  id: number; create_date: string; state: string; email_from: string | null; email_to: string | null; subject: string | null;
  body_html: string; body_text: string; model: string | null; res_id: number | null; template_xmlid: string | null; links: OutboxLink[];
  recipients: string[]; attachments: OutboxAttachment[];
}

export async function outbox(srv: TestServer, query: Record<string, string> = {}): Promise<OutboxMail[]> {
  const res = await fetch(`${srv.url}/emulator/outbox.json?${new URLSearchParams(query).toString()}`);
  if (res.status !== 200) throw new Error(`outbox: HTTP ${res.status}`);
  return res.json() as Promise<OutboxMail[]>;
}

/** The path (+ query) of an absolute link of a mail, to use against the test server. */
export function pathOf(url: string): string {
  const u = new URL(url, 'http://localhost');
  return u.pathname + u.search;
}
