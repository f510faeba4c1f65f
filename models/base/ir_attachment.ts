/**
 * ir.attachment (odoo/addons/base/models/ir_attachment.py): files stored in the database
 * (db_datas) or in the filestore (<data_dir>/filestore/<db>/<2 hex>/<sha1>, Odoo's layout),
 * mimetype guessing, access following the linked record (check()), the implicit res_field
 * filter of searches, and the storage of binary fields (res_model, res_field, res_id).
 */
import fs from 'fs';
import path from 'path';
import crypto from 'crypto';
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Field } from '../orm/fields';
import { humanSize, pyTruthy } from '../orm/fields';
import { param } from '../orm/signature';
import { AccessError, MissingError, UserError, ValidationError } from '../orm/exceptions';
import { SQL, ident, type SqlParam } from '../orm/sql';
import type { Domain } from '../orm/domain';
import * as security from '../orm/security';
import { guessMimetype, guessTypeFromName } from '../tools/mimetypes';
import { imageProcess } from '../tools/image';

const DENIED = 'Sorry, you are not allowed to access this document.';

/** Where a database keeps its files: the host's filestore, null for in-memory databases. */
export function filestoreOf(env: { cr: { host: unknown } }): string | null {
  const host = env.cr.host as { filestore?: string | null } | null;
  return host?.filestore ?? null;
}

/** The bytes of a base64 value (Python's b64decode of str or bytes). */
function b64(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value !== 'string') return Buffer.alloc(0);
  return Buffer.from(value, 'base64');
}

/** Python's `strings`: runs of 4+ printable ASCII characters (ir_attachment._index). */
function indexContent(data: Buffer, mimetype: string | false): string | false {
  if (!mimetype) return false;
  const kind = mimetype.split('/')[0];
  if (kind !== 'text') return kind;
  return (data.toString('latin1').match(/[\x20-\x7E]{4,}/g) ?? []).join('\n');
}

export const irAttachment: ModelDecl = {
  _name: 'ir.attachment',
  _description: 'Attachment',
  _order: 'id desc',
  // ir_attachment.py _auto_init: a record's attachments are found by (res_model, res_id)
  _indexes: [['ir_attachment_res_idx', 'res_model, res_id']],
  fields: {
    name: { type: 'char', string: 'Name', required: true },
    description: { type: 'text', string: 'Description' },
    res_name: { type: 'char', string: 'Resource Name', compute: '_compute_res_name' },
    res_model: { type: 'char', string: 'Resource Model', readonly: true },
    res_field: { type: 'char', string: 'Resource Field', readonly: true },
    res_id: { type: 'many2one_reference', string: 'Resource ID', model_field: 'res_model', readonly: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', change_default: true, default: (m: BaseModel) => m.env.companyInfo().companyId },
    type: { type: 'selection', string: 'Type', selection: [['url', 'URL'], ['binary', 'File']], required: true, default: 'binary', help: 'You can either upload a file from your computer or copy/paste an internet link to your file.' },
    url: { type: 'char', string: 'Url', size: 1024, index: 'btree_not_null' },
    public: { type: 'boolean', string: 'Is public document' },
    access_token: { type: 'char', string: 'Access Token', groups: 'base.group_user' },
    raw: { type: 'binary', string: 'File Content (raw)', compute: '_compute_raw', inverse: '_inverse_raw' },
    datas: { type: 'binary', string: 'File Content (base64)', compute: '_compute_datas', inverse: '_inverse_datas' },
    db_datas: { type: 'binary', string: 'Database Data', attachment: false },
    store_fname: { type: 'char', string: 'Stored Filename', index: true },
    file_size: { type: 'integer', string: 'File Size', readonly: true },
    checksum: { type: 'char', string: 'Checksum/SHA1', size: 40, readonly: true },
    mimetype: { type: 'char', string: 'Mime Type', readonly: true },
    index_content: { type: 'text', string: 'Indexed Content', readonly: true, prefetch: false },
  },
  constrains: { _check_serving_attachments: ['type', 'url'] },
  rpc: {
    check: { api: 'model', params: ['mode', param('values', null)] },
    generate_access_token: { api: 'multi', params: [] },
    create_unique: { api: 'model', params: ['values_list'] },
    force_storage: { api: 'model', params: [] },
    validate_access: { api: 'multi', params: ['access_token'], returns: 'ids' },
    action_get: { api: 'model', params: [] },
    get_serving_groups: { api: 'model', params: [] },
    regenerate_assets_bundles: { api: 'model', params: [] },
  },
  methods: (Base) => class extends Base {
    // ------------------------------------------------------------------ storage

    /** 'db' or 'file' (config parameter ir_attachment.location); in-memory databases: 'db'. */
    _storage(): string {
      if (!filestoreOf(this.env)) return 'db';
      const location = this.env.model('ir.config_parameter').sudo().get_param('ir_attachment.location', 'file');
      return location === 'db' ? 'db' : 'file';
    }

    _fullPath(fname: string): string {
      const clean = fname.replace(/[.]/g, '').replace(/^[/\\]+|[/\\]+$/g, '');
      return path.join(filestoreOf(this.env)!, clean);
    }

    /** Write content under its checksum (sha[:2]/sha), keeping a file already there. */
    _fileWrite(data: Buffer, checksum: string): string {
      let fname = `${checksum.slice(0, 3)}/${checksum}`;
      if (!fs.existsSync(this._fullPath(fname))) fname = `${checksum.slice(0, 2)}/${checksum}`;
      const full = this._fullPath(fname);
      if (fs.existsSync(full)) {
        if (!fs.readFileSync(full).equals(data)) throw new UserError('The attachment collides with an existing file.');
        return fname;
      }
      fs.mkdirSync(path.dirname(full), { recursive: true });
      // written at once (not transactional, as in Odoo): listed for the garbage collector
      const tmp = `${full}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, full);
      this._markForGc(fname);
      return fname;
    }

    _fileRead(fname: string): Buffer {
      try {
        return fs.readFileSync(this._fullPath(fname));
      } catch {
        return Buffer.alloc(0);
      }
    }

    /** An empty file in checklist/ names a stored file to check at the next garbage collection. */
    _markForGc(fname: string): void {
      if (!filestoreOf(this.env)) return;
      const full = path.join(this._fullPath('checklist'), fname.replace(/[.]/g, '').replace(/^[/\\]+|[/\\]+$/g, ''));
      try {
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.closeSync(fs.openSync(full, 'a'));
      } catch { /* best effort, as Odoo */ }
    }

    /** _gc_file_store: delete checklisted files no attachment row refers to any more. */
    _gc_file_store(): number {
      const store = filestoreOf(this.env);
      if (!store || this._storage() !== 'file') return 0;
      const checklist = path.join(store, 'checklist');
      if (!fs.existsSync(checklist)) return 0;
      let removed = 0;
      for (const dir of fs.readdirSync(checklist)) {
        for (const name of fs.readdirSync(path.join(checklist, dir))) {
          const fname = `${dir}/${name}`;
          const used = this.env.cr.get('SELECT 1 AS x FROM ir_attachment WHERE store_fname = ? LIMIT 1', [fname]);
          if (!used) {
            fs.rmSync(this._fullPath(fname), { force: true });
            removed++;
          }
          fs.rmSync(path.join(checklist, dir, name), { force: true });
        }
      }
      return removed;
    }

    _getDatasRelatedValues(data: Buffer, mimetype: string | false): Vals {
      const checksum = crypto.createHash('sha1').update(data).digest('hex');
      const values: Vals = {
        file_size: data.length, checksum, index_content: indexContent(data, mimetype),
        store_fname: false, db_datas: data.length ? data.toString('base64') : false,
      };
      if (data.length && this._storage() !== 'db') {
        values.store_fname = this._fileWrite(data, checksum);
        values.db_datas = false;
      }
      return values;
    }

    /** The stored bytes of each attachment (filestore or db_datas). */
    _rawValues(): Map<number, Buffer> {
      const out = new Map<number, Buffer>();
      const vals = this.sudo()._values(['store_fname', 'db_datas']);
      for (const id of this.ids) {
        const v = vals.get(id);
        if (!v) continue;
        out.set(id, v.store_fname ? this._fileRead(v.store_fname as string) : b64(v.db_datas));
      }
      return out;
    }

    _compute_raw(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, data] of this._rawValues()) out.set(id, data.length ? data.toString('base64') : false);
      return out;
    }

    _compute_datas(): Map<number, unknown> {
      if (this.env.context.bin_size) {
        const sizes = this._values(['file_size']);
        return new Map(this.ids.map((id) => [id, humanSize(Number(sizes.get(id)?.file_size ?? 0))]));
      }
      const out = new Map<number, unknown>();
      for (const [id, data] of this._rawValues()) out.set(id, data.length ? data.toString('base64') : false);
      return out;
    }

    _inverse_raw(_f: Field, value: unknown): void {
      this._setAttachmentData(typeof value === 'string' ? Buffer.from(value, 'utf8') : b64(value));
    }

    _inverse_datas(_f: Field, value: unknown): void {
      this._setAttachmentData(b64(value));
    }

    _setAttachmentData(data: Buffer): void {
      const current = this.sudo()._values(['mimetype', 'store_fname']);
      for (const id of this.ids) {
        const v = current.get(id);
        const values = this._getDatasRelatedValues(data, (v?.mimetype as string) || false);
        this.sudo().browse([id])._writeColumns(values);
        if (v?.store_fname) this._markForGc(v.store_fname as string);
      }
    }

    /** Plain column write (no content processing), as Odoo's super().write in _set_attachment_data. */
    _writeColumns(values: Vals): void {
      (Base.prototype as unknown as { _write(this: BaseModel, v: Vals): void })._write.call(this, values);
    }

    // ------------------------------------------------------------------ content

    _compute_mimetype(values: Vals): string {
      let mimetype: string | null = null;
      if (values.mimetype) mimetype = String(values.mimetype);
      if (!mimetype && values.name) mimetype = guessTypeFromName(String(values.name));
      if (!mimetype && values.url) mimetype = guessTypeFromName(String(values.url).split('?')[0]);
      if (!mimetype || mimetype === 'application/octet-stream') {
        let raw: Buffer | null = null;
        if (values.raw) raw = typeof values.raw === 'string' ? Buffer.from(values.raw, 'utf8') : b64(values.raw);
        else if (values.datas) raw = b64(values.datas);
        if (raw && raw.length) mimetype = guessMimetype(raw);
      }
      return mimetype ? mimetype.toLowerCase() : 'application/octet-stream';
    }

    /** Markup types become text/plain for users who may not write views (XSS guard), images > 1920 px are shrunk. */
    _check_contents(values: Vals): Vals {
      const mimetype = values.mimetype = this._compute_mimetype(values);
      const xmlLike = mimetype.includes('ht') || (mimetype.includes('xml') && !mimetype.startsWith('application/vnd.openxmlformats'));
      const forceText = xmlLike && (!!this.env.context.attachments_mime_plainxml
        || !security.checkAccessRights(this.env.model('ir.ui.view').sudo(false), 'write', false));
      if (forceText) values.mimetype = 'text/plain';
      if (!this.env.context.image_no_postprocess) return this._postprocess_contents(values);
      return values;
    }

    _postprocess_contents(values: Vals): Vals {
      const ICP = this.env.model('ir.config_parameter').sudo();
      const supported = String(ICP.get_param('base.image_autoresize_extensions', 'png,jpeg,bmp,tiff')).split(',');
      const mimetype = values.mimetype = this._compute_mimetype(values);
      const [kind, subtype] = mimetype.split('/');
      if (kind !== 'image' || !supported.includes(subtype) || !(values.datas || values.raw)) return values;
      const maxResolution = String(ICP.get_param('base.image_autoresize_max_px', '1920x1920'));
      if (['0', 'false', 'False', ''].includes(maxResolution)) return values;
      const [nw, nh] = maxResolution.split('x').map((x) => parseInt(x, 10));
      const isRaw = !!values.raw;
      const source = isRaw ? (typeof values.raw === 'string' ? Buffer.from(values.raw, 'utf8') : b64(values.raw)) : b64(values.datas);
      try {
        const quality = parseInt(String(ICP.get_param('base.image_autoresize_quality', 80)), 10);
        const resized = imageProcess(source, { maxWidth: nw, maxHeight: nh });
        if (resized === source) return values;
        const out = imageProcess(source, { maxWidth: nw, maxHeight: nh, quality });
        if (isRaw) values.raw = out;
        else values.datas = out.toString('base64');
      } catch {
        // not decodable: kept as it is (Odoo logs "Post processing ignored")
      }
      return values;
    }

    // ------------------------------------------------------------------ access

    /** ir.attachment.check(mode, values): access follows the linked record (mode write for create/unlink). */
    check(mode: unknown, values: unknown = null): boolean | null {
      if (this.env.su) return true;
      const user = this.env.model('res.users').sudo().browse([this.env.uid]);
      const isAdmin = this.env.hasGroup('base.group_erp_manager');
      if (!(isAdmin || !user.get('share'))) throw new AccessError(DENIED);
      const isSystem = this.env.hasGroup('base.group_system');
      const modelIds = new Map<string, Set<number>>();
      if (this.ids.length) {
        const rows = this.env.cr.all<{ res_model: string | null; res_id: number | null; create_uid: number | null; public: number | null; res_field: string | null }>(
          `SELECT res_model, res_id, create_uid, public, res_field FROM ir_attachment WHERE id IN (${this.ids.map(() => '?').join(',')})`, this.ids);
        for (const r of rows) {
          if (r.public && mode === 'read') continue;
          if (!isSystem) {
            if (!r.res_id && r.create_uid !== this.env.uid) throw new AccessError(DENIED);
            if (r.res_field && r.res_model && this.env.has(r.res_model)) {
              const field = this.env.model(r.res_model).cls._fields[r.res_field];
              if (field && !security.fieldAllowed(this.env.model(r.res_model), field)) throw new AccessError(DENIED);
            }
          }
          if (!(r.res_model && r.res_id)) continue;
          if (!modelIds.has(r.res_model)) modelIds.set(r.res_model, new Set());
          modelIds.get(r.res_model)!.add(r.res_id);
        }
      }
      const v = (values ?? {}) as Vals;
      if (v.res_model && v.res_id) {
        const m = String(v.res_model);
        if (!modelIds.has(m)) modelIds.set(m, new Set());
        modelIds.get(m)!.add(Number(v.res_id));
      }
      for (const [resModel, resIds] of modelIds) {
        // attachments of models not installed (any more) are not checked
        if (!this.env.has(resModel)) continue;
        // a user may write an attachment on their own user record (signature images)
        if (resModel === 'res.users' && resIds.size === 1 && resIds.has(this.env.uid)) continue;
        const records = this.env.model(resModel).browse([...resIds]).exists();
        const accessMode = mode === 'create' || mode === 'unlink' ? 'write' : String(mode);
        security.checkAccessRights(records, accessMode);
        security.checkAccessRule(records, accessMode);
      }
      return null;
    }

    /** Searches without a condition on id or res_field only see plain attachments (res_field unset). */
    _fullDomain(domain: Domain, op = 'read'): { domain: Domain; rules: SQL | null } {
      const res = super._fullDomain(domain, op);
      const mentions = Array.isArray(domain) && domain.some((t) => Array.isArray(t) && (t[0] === 'id' || t[0] === 'res_field'));
      if (!this.env.context.skip_res_field_check && !mentions) res.domain = [['res_field', '=', false], ...res.domain];
      return res;
    }

    /**
     * The _search override as SQL: a user sees public attachments, their own unlinked ones (all
     * unlinked ones for Settings users) and those whose linked record they can read.
     */
    _searchAccessSql(alias: string): SQL | null {
      if (this.env.su) return null;
      const a = ident(alias);
      const isSystem = this.env.hasGroup('base.group_system');
      const parts = [`${a}."public" = 1`, `(COALESCE(${a}."res_id", 0) = 0 AND ${isSystem ? '1 = 1' : `${a}."create_uid" = ?`})`];
      const params: SqlParam[] = isSystem ? [] : [this.env.uid];
      const models = this.env.cr.raw('SELECT DISTINCT res_model FROM ir_attachment WHERE res_model IS NOT NULL').map((r) => r[0] as string);
      for (const resModel of models) {
        const linked = `${a}."res_model" = ? AND COALESCE(${a}."res_id", 0) != 0`;
        if (!this.env.has(resModel)) {
          parts.push(`(${linked})`);
          params.push(resModel);
          continue;
        }
        if (resModel === 'ir.attachment') continue;
        const Model = this.env.model(resModel).withContext({ ...this.env.context, active_test: false });
        if (!security.checkAccessRights(Model, 'read', false)) continue;
        const sub = Model._searchSql([], {});
        parts.push(`(${linked} AND ${a}."res_id" IN (${sub.text}))`);
        params.push(resModel, ...sub.params);
      }
      return new SQL(`(${parts.join(' OR ')})`, params);
    }

    read(fields: unknown = null, load: unknown = '_classic_read'): Vals[] {
      security.checkAccessRights(this, 'read');
      if (!this.env.su && this.ids.length) {
        const ids = [...new Set(this.ids.filter((id) => typeof id === 'number'))];
        const visible = new Set(this._searchIds([['id', 'in', ids]]));
        const hidden = this.browse(ids.filter((id) => !visible.has(id))).exists();
        if (hidden.ids.length) throw security.ruleError(hidden, 'read');
      }
      return super.read(fields, load);
    }

    create(valsList: unknown): this {
      const list = (Array.isArray(valsList) ? valsList : [valsList]) as Vals[];
      // check() comes before the access rights: a portal user gets check()'s message
      const prepared = list.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? this._prepareCreate(v) : v));
      const seen = new Set<string>();
      for (const v of prepared) {
        const key = `${v?.res_model}:${v?.res_id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.browse([]).check('create', { res_model: v?.res_model, res_id: v?.res_id });
      }
      return super.create(prepared.map((v) => ({ ...v, __prepared: true })));
    }

    /** Odoo's create: content fields computed from raw/datas before the row is written. */
    _prepareCreate(given: Vals): Vals {
      const values: Vals = { ...given };
      for (const k of ['file_size', 'checksum', 'store_fname']) delete values[k];
      this._check_contents(values);
      const raw = values.raw;
      const datas = values.datas;
      delete values.raw;
      delete values.datas;
      if (pyTruthy(raw) || pyTruthy(datas)) {
        const data = pyTruthy(raw) ? (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : b64(raw)) : b64(datas);
        Object.assign(values, this._getDatasRelatedValues(data, values.mimetype as string));
      }
      return values;
    }

    _create(valsList: Vals[]): this {
      const ready = valsList.map((v) => {
        if (v.__prepared) {
          const { __prepared: _, ...rest } = v;
          return rest;
        }
        return this._prepareCreate(v);
      });
      return super._create(ready);
    }

    write(vals: unknown): boolean {
      if (!vals || typeof vals !== 'object' || Array.isArray(vals)) return super.write(vals);
      this.check('write', vals);
      return super.write(vals);
    }

    _write(given: Vals): void {
      const vals: Vals = { ...given };
      for (const k of ['file_size', 'checksum', 'store_fname']) delete vals[k];
      if ('mimetype' in vals || 'datas' in vals || 'raw' in vals) this._check_contents(vals);
      super._write(vals);
    }

    copy(defaultVals: unknown = null): this {
      const defaults = (defaultVals ?? {}) as Vals;
      if (!['datas', 'db_datas', 'raw'].some((k) => k in defaults)) {
        const raw = this.ensureOne()._rawValues().get(this.ids[0]) ?? Buffer.alloc(0);
        return super.copy({ ...defaults, raw });
      }
      return super.copy(defaultVals);
    }

    unlink(): boolean {
      if (!this.ids.length) return true;
      this.check('unlink');
      return super.unlink();
    }

    _unlink(): void {
      const files = [...this.sudo()._values(['store_fname']).values()].map((v) => v.store_fname).filter((f): f is string => !!f);
      super._unlink();
      for (const f of files) this._markForGc(f);
    }

    _check_serving_attachments(): void {
      if (this.env.su || this.env.hasGroup('base.group_erp_manager')) return;
      for (const [, v] of this._values(['type', 'url'])) {
        if (v.type === 'binary' && v.url && !this.env.hasGroup('base.group_system')) {
          throw new ValidationError('Sorry, you are not allowed to write on this document');
        }
      }
    }

    _compute_res_name(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const vals = this._values(['res_model', 'res_id']);
      for (const id of this.ids) {
        const v = vals.get(id)!;
        let name: unknown = false;
        if (v.res_model && v.res_id && this.env.has(v.res_model as string)) {
          name = this.env.model(v.res_model as string).sudo().browse([v.res_id as number])._displayNames().get(v.res_id as number) ?? false;
        }
        out.set(id, name);
      }
      return out;
    }

    // ------------------------------------------------------------------ public methods

    generate_access_token(): string[] {
      const tokens: string[] = [];
      // read as the caller: the field's group, then the record's existence, then the ACL and
      // rules (Odoo's field access order)
      security.checkFieldAccess(this, ['access_token'], 'read');
      const missing = this.ids.filter((id) => !this.browse([id]).exists().ids.length);
      if (missing.length) throw new MissingError(`Record does not exist or has been deleted.\n(Record: ${this._name}(${missing.length === 1 ? `${missing[0]},` : missing.join(", ")}), User: ${this.env.uid})`);
      const vals = new Map((this.read(['access_token']) as Vals[]).map((r) => [r.id as number, r]));
      for (const id of this.ids) {
        let token = vals.get(id)?.access_token as string | false;
        if (!token) {
          token = crypto.randomUUID();
          this.browse([id]).write({ access_token: token });
        }
        tokens.push(token);
      }
      return tokens;
    }

    create_unique(valuesList: unknown): number[] {
      const ids: number[] = [];
      for (const values of (Array.isArray(valuesList) ? valuesList : []) as Vals[]) {
        const data = b64(values.datas ?? '');
        const checksum = crypto.createHash('sha1').update(data).digest('hex');
        const existing = this.sudo()._searchIds([['id', '!=', false], ['checksum', '=', checksum], ['file_size', '=', data.length], ['mimetype', '=', values.mimetype ?? false]], { order: this.cls._order });
        if (existing.length) ids.push(...existing);
        else ids.push(this.create(values).ids[0]);
      }
      return ids;
    }

    force_storage(): boolean {
      if (!(this.env.su || this.env.hasGroup('base.group_erp_manager'))) throw new AccessError('Only administrators can execute this action.');
      const domain: Domain = this._storage() === 'db' ? [['store_fname', '!=', false]] : [['db_datas', '!=', false]];
      const ids = this.sudo().withContext({ skip_res_field_check: true })._searchIds([...domain, ['type', '=', 'binary']]);
      for (const [id, data] of this.browse(ids)._rawValues()) {
        const rec = this.sudo().browse([id]);
        const old = rec.get('store_fname') as string | false;
        rec._writeColumns(this._getDatasRelatedValues(data, rec.get('mimetype') as string));
        if (old) this._markForGc(old);
      }
      return true;
    }

    /** The attachment as the user may read it: through its token, publicly, or by portal access to the record. */
    validate_access(accessToken: unknown): BaseModel {
      this.ensureOne();
      const record = this.sudo();
      if (accessToken) {
        const token = record.get('access_token');
        if (!token || typeof accessToken !== 'string' || !safeEqual(String(token), accessToken)) throw new AccessError('Invalid access token');
        return record;
      }
      if (record.get('public')) return record;
      if (this.env.hasGroup('base.group_portal')) {
        this.check('read');
        return record;
      }
      return this;
    }

    action_get(): Vals {
      return this.env.model('ir.actions.act_window')._for_xml_id('base.action_attachment');
    }

    get_serving_groups(): string[] {
      return ['base.group_system'];
    }

    regenerate_assets_bundles(): null {
      // the emulator generates no asset bundles; the search and unlink still run as the caller
      this.search([['public', '=', true], ['url', '=like', '/web/assets/%'], ['res_model', '=', 'ir.ui.view'], ['res_id', '=', 0], ['create_uid', '=', 1]] as never).unlink();
      return null;
    }

    // ------------------------------------------------------------------ binary fields (fields.py Binary)

    _binaryFieldValues(resModel: string, field: string, ids: number[], binSize: boolean): Map<number, unknown> {
      const out = new Map<number, unknown>(ids.map((id) => [id, false]));
      if (!ids.length) return out;
      const rows = this.env.cr.all<{ id: number; res_id: number; file_size: number }>(
        `SELECT id, res_id, file_size FROM ir_attachment WHERE res_model = ? AND res_field = ? AND res_id IN (${ids.map(() => '?').join(',')}) ORDER BY id DESC`,
        [resModel, field, ...ids]);
      const raws = binSize ? null : this.sudo().browse(rows.map((r) => r.id))._rawValues();
      for (const r of rows) {
        out.set(r.res_id, binSize ? humanSize(r.file_size) : ((raws!.get(r.id)?.length ? raws!.get(r.id)!.toString('base64') : false)));
      }
      return out;
    }

    _binaryFieldWrite(resModel: string, field: string, ids: number[], value: unknown): void {
      const existing = this.env.cr.all<{ id: number; res_id: number }>(
        `SELECT id, res_id FROM ir_attachment WHERE res_model = ? AND res_field = ? AND res_id IN (${ids.map(() => '?').join(',')})`,
        [resModel, field, ...ids]);
      const atts = this.sudo().browse(existing.map((r) => r.id));
      if (!pyTruthy(value)) {
        if (atts.ids.length) atts._unlink();
        return;
      }
      const datas = Buffer.isBuffer(value) ? value.toString('base64') : String(value);
      if (atts.ids.length) atts._write({ datas });
      const have = new Set(existing.map((r) => r.res_id));
      const missing = ids.filter((id) => !have.has(id));
      if (missing.length) {
        this.sudo()._create(missing.map((id) => ({ name: field, res_model: resModel, res_field: field, res_id: id, type: 'binary', datas })));
      }
    }

    /** fields.Image._image_process: shrink to the field's box; WEBP and SVG are kept as they are. */
    _imageFieldProcess(f: Field, value: unknown): unknown {
      if (!pyTruthy(value)) return value;
      const maxWidth = f.spec.max_width ?? 0;
      const maxHeight = f.spec.max_height ?? 0;
      if (f.readonly && !maxWidth && !maxHeight) return value;
      const img = b64(value);
      if (!img.length) return false;
      if (guessMimetype(img, '') === 'image/webp') return value;
      const out = imageProcess(img, { maxWidth, maxHeight, verifyResolution: f.spec.verify_resolution !== false });
      return out === img ? value : out.length ? out.toString('base64') : false;
    }

    /** Attachments of deleted records are deleted with them (models.py unlink). */
    _unlinkOfRecords(resModel: string, ids: number[]): void {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = this.env.cr.raw(`SELECT id FROM ir_attachment WHERE res_model = ? AND res_id IN (${chunk.map(() => '?').join(',')})`, [resModel, ...chunk]);
        if (rows.length) this.sudo().browse(rows.map((r) => r[0] as number))._unlink();
      }
    }
  },
};

/** Constant-time string comparison (Odoo's consteq). */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export type AttachmentModel = AnyModel;
