/**
 * portal.mixin (portal/models/portal_mixin.py): documents a customer opens from the portal or a
 * mail link. `access_url` is the document's portal page, `access_token` a uuid4 written lazily
 * (in sudo) by `_portal_ensure_token`, and `get_portal_url` the link with the token.
 */
import crypto from 'crypto';
import type { ModelDecl } from '../orm/registry';
import { param } from '../orm/signature';

export const portalMixin: ModelDecl = {
  _name: 'portal.mixin',
  _description: 'Portal Mixin',
  _abstract: true,
  fields: {
    access_url: { type: 'char', string: 'Portal Access URL', compute: '_compute_access_url', help: 'Customer Portal URL' },
    access_token: { type: 'char', string: 'Security Token', copy: false },
    access_warning: { type: 'text', string: 'Access warning', compute: '_compute_access_warning' },
  },
  rpc: {
    get_portal_url: { api: 'multi', params: [param('suffix', null), param('report_type', null), param('download', null), param('query_string', null), param('anchor', null)] },
  },
  methods: (Base) => class extends Base {
    _compute_access_warning(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, '']));
    }
    _compute_access_url(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, '#']));
    }
    /** The record's token, created (as superuser) on first use. */
    _portal_ensure_token(): string {
      const id = this.ensureOne().ids[0];
      const current = this.sudo()._values(['access_token']).get(id)?.access_token;
      if (current) return String(current);
      const token = crypto.randomUUID();
      this.sudo()._write({ access_token: token });
      return token;
    }
    /** The link sent by mail: the portal page with the token (portal_mixin.py _get_share_url). */
    _get_share_url(redirect = false, _signupPartner = false, pid: number | null = null, shareToken = true): string {
      const id = this.ensureOne().ids[0];
      const params = new URLSearchParams();
      if (redirect) {
        params.set('model', this._name);
        params.set('res_id', String(id));
      }
      if (shareToken) params.set('access_token', this._portal_ensure_token());
      if (pid) params.set('pid', String(pid));
      const base = redirect ? '/mail/view' : String(this._values(['access_url']).get(id)!.access_url);
      return `${base}?${params.toString()}`;
    }
    get_portal_url(suffix: unknown = null, reportType: unknown = null, download: unknown = null, queryString: unknown = null, anchor: unknown = null): string {
      const id = this.ensureOne().ids[0];
      const url = String(this._values(['access_url']).get(id)!.access_url);
      return `${url}${suffix || ''}?access_token=${this._portal_ensure_token()}${reportType ? `&report_type=${reportType}` : ''}${download ? '&download=true' : ''}${queryString || ''}${anchor ? `#${anchor}` : ''}`;
    }
  },
};
