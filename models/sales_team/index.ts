/**
 * sales_team addon: sales teams, their members and the CRM tags (sale.md §1.6;
 * sales_team/models/*.py). A user belongs to one team at a time unless the
 * `sales_team.membership_multi` parameter is set; the default team of a sales document is
 * chosen by `_get_default_team_id`.
 */
import type { ModelDecl } from '../orm/registry';
import type { AnyModel, BaseModel, Vals } from '../orm/model';
import type { Domain } from '../orm/domain';
import { UserError, ValidationError } from '../orm/exceptions';
import { translatedSql } from '../orm/translate';

const randomColor = () => 1 + Math.floor(Math.random() * 11);

function membershipMulti(m: BaseModel): boolean {
  return !!m.env.model('ir.config_parameter').sudo().get_param('sales_team.membership_multi', false);
}

export const crmTeam: ModelDecl = {
  _name: 'crm.team',
  _inherit: ['mail.thread'],
  _description: 'Sales Team',
  _order: 'sequence ASC, create_date DESC, id DESC',
  fields: {
    name: { type: 'char', string: 'Sales Team', required: true, translate: true },
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    active: { type: 'boolean', string: 'Active', default: true, help: 'If the active field is set to false, it will allow you to hide the Sales Team without removing it.' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', index: true, default: (m: BaseModel) => m.env.companyInfo().companyId || false },
    currency_id: { type: 'many2one', comodel: 'res.currency', string: 'Currency', related: 'company_id.currency_id', readonly: true },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Team Leader', check_company: true },
    is_membership_multi: {
      type: 'boolean', string: 'Multiple Memberships Allowed', compute: '_compute_is_membership_multi', depends: ['sequence'],
      help: 'If True, users may belong to several sales teams. Otherwise membership is limited to a single sales team.',
    },
    member_ids: {
      type: 'many2many', comodel: 'res.users', string: 'Salespersons', compute: '_compute_member_ids', inverse: '_inverse_member_ids',
      search: '_search_member_ids', depends: ['crm_team_member_ids.active'], help: 'Users assigned to this team.',
      domain: "['&', ('share', '=', False), ('company_ids', 'in', member_company_ids)]",
    },
    member_company_ids: { type: 'many2many', comodel: 'res.company', string: 'Member Company', compute: '_compute_member_company_ids', depends: ['company_id', 'name'] },
    member_warning: { type: 'text', string: 'Membership Issue Warning', compute: '_compute_member_warning', depends: ['is_membership_multi', 'member_ids'] },
    crm_team_member_ids: {
      type: 'one2many', comodel: 'crm.team.member', inverse_name: 'crm_team_id', string: 'Sales Team Members', context: { active_test: true },
      help: 'Add members to automatically assign their documents to this sales team.',
    },
    crm_team_member_all_ids: { type: 'one2many', comodel: 'crm.team.member', inverse_name: 'crm_team_id', string: 'Sales Team Members (incl. inactive)', context: { active_test: false } },
    color: { type: 'integer', string: 'Color Index', help: 'The color of the channel' },
    favorite_user_ids: {
      type: 'many2many', comodel: 'res.users', string: 'Favorite Members', relation: 'team_favorite_user_rel', column1: 'team_id', column2: 'user_id',
      default: (m: BaseModel) => [m.env.uid],
    },
    is_favorite: {
      type: 'boolean', string: 'Show on dashboard', compute: '_compute_is_favorite', inverse: '_inverse_is_favorite',
      help: 'Favorite teams to display them in the dashboard and access them easily.',
    },
    dashboard_button_name: { type: 'char', string: 'Dashboard Button', compute: '_compute_dashboard_button_name' },
    dashboard_graph_data: { type: 'text', string: 'Dashboard Graph Data', compute: '_compute_dashboard_graph' },
  },
  rpc: {
    action_primary_channel_button: { api: 'multi', params: [] },
  },
  methods: (Base) => class extends Base {
    _compute_is_membership_multi(): Map<number, unknown> {
      const multi = membershipMulti(this);
      return new Map(this.ids.map((id) => [id, multi]));
    }
    _compute_member_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.all<{ u: number }>(
        'SELECT m.user_id AS u FROM crm_team_member m WHERE m.crm_team_id = ? AND m.active = 1 ORDER BY m.create_date, m.id', [id]).map((r) => r.u)]));
    }
    /** New members get a membership; existing memberships follow whether their user is listed. */
    _inverse_member_ids(_f: unknown, value: unknown): void {
      const users = new Set(commandIds(value, (this.get('member_ids') as number[] | undefined) ?? []));
      for (const id of this.ids) {
        const memberships = this.env.cr.all<{ id: number; u: number }>('SELECT id, user_id AS u FROM crm_team_member WHERE crm_team_id = ?', [id]);
        const have = new Set(memberships.map((m) => m.u));
        const created = [...users].filter((u) => !have.has(u)).map((u) => ({ crm_team_id: id, user_id: u }));
        if (created.length) this.env.model('crm.team.member').create(created);
        for (const m of memberships) this.env.model('crm.team.member').browse([m.id]).write({ active: users.has(m.u) });
      }
    }
    _search_member_ids(operator: string, value: unknown): Domain { return [['crm_team_member_ids.user_id', operator, value]]; }
    _compute_member_company_ids(): Map<number, unknown> {
      const all = this.env.cr.all<{ id: number }>('SELECT id FROM res_company ORDER BY sequence, name').map((r) => r.id);
      const vals = this._values(['company_id']);
      return new Map(this.ids.map((id) => [id, vals.get(id)?.company_id ? [vals.get(id)!.company_id] : all]));
    }
    _compute_member_warning(): Map<number, unknown> {
      const out = new Map<number, unknown>(this.ids.map((id) => [id, false]));
      if (membershipMulti(this)) return out;
      for (const id of this.ids) {
        const members = this._compute_member_ids().get(id) as number[];
        if (!members.length) continue;
        const others = this.env.cr.all<{ user: string; team: string }>(
          `SELECT p.name AS user, ${translatedSql('t."name"', this.env)} AS team FROM crm_team_member m JOIN res_users u ON u.id = m.user_id JOIN res_partner p ON p.id = u.partner_id
             JOIN crm_team t ON t.id = m.crm_team_id WHERE m.active = 1 AND m.crm_team_id != ? AND m.user_id IN (${members.map(() => '?').join(',')}) ORDER BY m.create_date, m.id`,
          [id, ...members]);
        let warning = '';
        if (others.length === 1) warning = `Adding ${others[0].user} in this team would remove him/her from its current team ${others[0].team}.`;
        else if (others.length) warning = `Adding ${others.map((o) => o.user).join(', ')} in this team would remove them from their current teams (${others.map((o) => o.team).join(', ')}).`;
        if (warning) out.set(id, `${warning} To add a Salesperson into multiple Teams, activate the Multi-Team option in settings.`);
      }
      return out;
    }
    _compute_is_favorite(): Map<number, unknown> {
      const vals = this._values(['favorite_user_ids']);
      return new Map(this.ids.map((id) => [id, ((vals.get(id)?.favorite_user_ids as number[]) ?? []).includes(this.env.uid)]));
    }
    _inverse_is_favorite(_f: unknown, value: unknown): void {
      this.sudo()._write({ favorite_user_ids: [[value ? 4 : 3, this.env.uid]] });
    }
    _compute_dashboard_button_name(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, 'Big Pretty Button :)']));
    }
    _compute_dashboard_graph(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, JSON.stringify([])]));
    }
    _create(valsList: Vals[]): this {
      const teams = super._create(valsList);
      teams._addMembersToFavorites();
      return teams;
    }
    _write(vals: Vals): void {
      super._write(vals);
      if (vals.member_ids) this._addMembersToFavorites();
    }
    _addMembersToFavorites(): void {
      for (const id of this.ids) {
        const members = this._compute_member_ids().get(id) as number[];
        if (members.length) this.sudo().browse([id])._write({ favorite_user_ids: members.map((u) => [4, u]) });
      }
    }
    unlink(): boolean {
      for (const xmlid of ['sales_team.salesteam_website_sales', 'sales_team.pos_sales_team', 'sales_team.ebay_sales_team']) {
        const ref = this.env.xmlidLookup(xmlid);
        if (ref && this.ids.includes(ref[1])) throw new UserError(`Cannot delete default team "${this.sudo().browse([ref[1]]).get('name')}"`);
      }
      return super.unlink();
    }
    action_primary_channel_button(): false { return false; }

    /**
     * The default team of a sales document (crm_team.py _get_default_team_id): a team of the
     * user's allowed companies where the user leads or is a member (the context's default
     * team when it is one of them; filtered by `domain` first), else the context's default
     * team, else the first team of those companies.
     */
    _get_default_team_id(userId: number | false = false, domain: Domain | false = false): AnyModel {
      const Team = this.env.model('crm.team');
      const uid = userId || this.env.uid;
      const ctxTeam = this.env.context.default_team_id;
      const defaultTeam = typeof ctxTeam === 'number' && ctxTeam ? ctxTeam : false;
      const allowed = this.env.companyInfo().companyIds;
      // every new order asks (three statements and two searches): kept across calls while the
      // tables read (teams, members, companies, access rules) are unchanged; the answer depends
      // on the reader (rules), its companies, the active test and the arguments, all in the key
      const key = ['crm.team.default', this.env.uid, this.env.su, this.env.context.active_test, allowed.join(','), uid, defaultTeam, JSON.stringify(domain)].join(':');
      const team = this.env.crossCall(key, () => this._defaultTeamOf(uid, defaultTeam, domain, allowed));
      return Team.browse(team ? [team] : []);
    }

    /** _get_default_team_id's choice (see there), as an id. */
    _defaultTeamOf(uid: number, defaultTeam: number | false, domain: Domain | false, allowed: number[]): number | false {
      const Team = this.env.model('crm.team');
      const userCompanies = this.env.cr.all<{ cid: number }>('SELECT cid FROM res_company_users_rel WHERE user_id = ?', [uid]).map((r) => r.cid);
      const validCids: Array<number | false> = [false, ...userCompanies.filter((c) => allowed.includes(c))];
      const order = Team.cls._order;
      const mine = Team._searchIds([['company_id', 'in', validCids], '|', ['user_id', '=', uid], ['member_ids', 'in', [uid]]], { order });
      let team: number | false = false;
      if (mine.length && domain) {
        const filtered = Team._searchIds([['id', 'in', mine], ...domain], { order });
        team = defaultTeam && filtered.includes(defaultTeam) ? defaultTeam : filtered[0] ?? false;
      }
      if (!team) team = defaultTeam && mine.includes(defaultTeam) ? defaultTeam : mine[0] ?? false;
      if (!team && defaultTeam) team = defaultTeam;
      if (!team) {
        const teams = Team._searchIds([['company_id', 'in', validCids]], { order });
        if (teams.length && domain) team = Team._searchIds([['id', 'in', teams], ...domain], { order, limit: 1 })[0] ?? false;
        if (!team) team = teams[0] ?? false;
      }
      return team;
    }
  },
};

/** The ids a many2many write leaves, for inverse methods given commands (or a plain id list). */
function commandIds(value: unknown, current: number[]): number[] {
  if (!Array.isArray(value)) return [];
  if (value.every((v) => typeof v === 'number')) return value as number[];
  let out = [...current];
  for (const cmd of value) {
    if (!Array.isArray(cmd)) continue;
    const [code, id, data] = cmd as [number, number, unknown];
    if (code === 6) out = Array.isArray(data) ? [...(data as number[])] : [];
    else if (code === 4 && !out.includes(id)) out.push(id);
    else if (code === 3 || code === 2) out = out.filter((x) => x !== id);
    else if (code === 5) out = [];
  }
  return out;
}

export const crmTeamMember: ModelDecl = {
  _name: 'crm.team.member',
  _inherit: ['mail.thread'],
  _description: 'Sales Team Member',
  _rec_name: 'user_id',
  _order: 'create_date ASC, id',
  fields: {
    crm_team_id: { type: 'many2one', comodel: 'crm.team', string: 'Sales Team', default: false, check_company: true, index: true, ondelete: 'cascade', required: true },
    user_id: {
      type: 'many2one', comodel: 'res.users', string: 'Salesperson', check_company: true, index: true, ondelete: 'cascade', required: true,
      domain: "[('share', '=', False), ('id', 'not in', user_in_teams_ids), ('company_ids', 'in', user_company_ids)]",
    },
    user_in_teams_ids: { type: 'many2many', comodel: 'res.users', string: 'User In Teams', compute: '_compute_user_in_teams_ids', depends: ['crm_team_id', 'is_membership_multi', 'user_id'] },
    user_company_ids: { type: 'many2many', comodel: 'res.company', string: 'User Company', compute: '_compute_user_company_ids', depends: ['crm_team_id'] },
    active: { type: 'boolean', string: 'Active', default: true },
    is_membership_multi: { type: 'boolean', string: 'Multiple Memberships Allowed', compute: '_compute_is_membership_multi', depends: ['crm_team_id'] },
    member_warning: { type: 'text', string: 'Member Warning', compute: '_compute_member_warning', depends: ['is_membership_multi', 'active', 'user_id', 'crm_team_id'] },
    name: { type: 'char', string: 'Name', related: 'user_id.display_name', readonly: false },
    email: { type: 'char', string: 'Email', related: 'user_id.email', readonly: true },
    phone: { type: 'char', string: 'Phone', related: 'user_id.phone', readonly: true },
    mobile: { type: 'char', string: 'Mobile', related: 'user_id.mobile', readonly: true },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company', related: 'user_id.company_id', readonly: true },
  },
  constrains: { _constrains_membership: ['crm_team_id', 'user_id', 'active'] },
  methods: (Base) => class extends Base {
    _compute_user_in_teams_ids(): Map<number, unknown> {
      const vals = this._values(['crm_team_id']);
      const multi = membershipMulti(this);
      return new Map(this.ids.map((id) => {
        const sql = multi
          ? ['SELECT DISTINCT user_id AS u FROM crm_team_member WHERE active = 1 AND crm_team_id = ?', [vals.get(id)?.crm_team_id ?? 0]] as const
          : ['SELECT DISTINCT user_id AS u FROM crm_team_member WHERE active = 1', []] as const;
        return [id, this.env.cr.all<{ u: number }>(sql[0], [...sql[1]] as number[]).map((r) => r.u)];
      }));
    }
    _compute_user_company_ids(): Map<number, unknown> {
      const all = this.env.cr.all<{ id: number }>('SELECT id FROM res_company ORDER BY sequence, name').map((r) => r.id);
      const vals = this._values(['crm_team_id']);
      return new Map(this.ids.map((id) => {
        const company = vals.get(id)?.crm_team_id ? this.env.cr.get<{ c: number | null }>('SELECT company_id AS c FROM crm_team WHERE id = ?', [vals.get(id)!.crm_team_id as number])?.c : null;
        return [id, company ? [company] : all];
      }));
    }
    _compute_is_membership_multi(): Map<number, unknown> {
      const multi = membershipMulti(this);
      return new Map(this.ids.map((id) => [id, multi]));
    }
    _compute_member_warning(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, false]));
    }
    /** One active membership per (team, user) (crm_team_member.py _constrains_membership). */
    _constrains_membership(): void {
      for (const [, v] of this.sudo()._values(['crm_team_id', 'user_id', 'active'])) {
        if (!v.active) continue;
        const n = this.env.cr.get<{ n: number }>('SELECT COUNT(*) AS n FROM crm_team_member WHERE crm_team_id = ? AND user_id = ? AND active = 1', [v.crm_team_id as number, v.user_id as number])!.n;
        if (n > 1) {
          const user = this.env.model('res.users').sudo().browse([v.user_id as number])._displayNames().get(v.user_id as number);
          const team = this.env.model('crm.team').sudo().browse([v.crm_team_id as number])._displayNames().get(v.crm_team_id as number);
          throw new ValidationError(`You are trying to create duplicate membership(s). We found that ${user} (${team}) already exist(s).`);
        }
      }
    }
    /** Mono-membership: a user's other active memberships are archived (crm_team_member.py _synchronize_memberships). */
    _synchronizeMemberships(pairs: Array<{ user_id: unknown; crm_team_id: unknown }>): void {
      for (const p of pairs) {
        if (typeof p.user_id !== 'number' || typeof p.crm_team_id !== 'number') continue;
        const others = this.sudo()._searchIds([['user_id', '=', p.user_id], ['crm_team_id', '!=', p.crm_team_id], ['active', '=', true]]);
        if (others.length) this.sudo().browse(others)._write({ active: false });
      }
    }
    _create(valsList: Vals[]): this {
      if (!membershipMulti(this)) this._synchronizeMemberships(valsList as Array<{ user_id: unknown; crm_team_id: unknown }>);
      const recs = super._create(valsList);
      recs._recomputeSaleTeam();
      return recs;
    }
    _write(vals: Vals): void {
      if (!membershipMulti(this) && vals.active) {
        this._synchronizeMemberships([...this.sudo()._values(['user_id', 'crm_team_id']).values()] as Array<{ user_id: unknown; crm_team_id: unknown }>);
      }
      super._write(vals);
      this._recomputeSaleTeam();
    }
    _unlink(): void {
      const users = [...this.sudo()._values(['user_id']).values()].map((v) => v.user_id as number);
      super._unlink();
      this.env.model('res.users').sudo().withContext({ active_test: false }).browse(users).exists()._recomputeFields(['sale_team_id']);
    }
    _recomputeSaleTeam(): void {
      const users = [...new Set([...this.sudo().withContext({ active_test: false })._values(['user_id']).values()].map((v) => v.user_id as number))];
      if (users.length) this.env.model('res.users').sudo().withContext({ active_test: false }).browse(users)._recomputeFields(['sale_team_id']);
    }
  },
};

export const crmTag: ModelDecl = {
  _name: 'crm.tag',
  _description: 'CRM Tag',
  fields: {
    name: { type: 'char', string: 'Tag Name', required: true, translate: true },
    color: { type: 'integer', string: 'Color', default: randomColor },
  },
  _sql_constraints: [['name_uniq', 'unique (name)', 'Tag name already exists!']],
};

/** Sales teams of users: memberships, and the main team (the oldest membership). */
export const usersSalesTeam: ModelDecl = {
  _inherit: 'res.users',
  fields: {
    crm_team_ids: { type: 'many2many', comodel: 'crm.team', string: 'Sales Teams', compute: '_compute_crm_team_ids', search: '_search_crm_team_ids', readonly: true, copy: false, check_company: true, depends: ['crm_team_member_ids.active'] },
    crm_team_member_ids: { type: 'one2many', comodel: 'crm.team.member', inverse_name: 'user_id', string: 'Sales Team Members' },
    sale_team_id: {
      type: 'many2one', comodel: 'crm.team', string: 'User Sales Team', compute: '_compute_sale_team_id', readonly: true, store: true,
      depends: ['crm_team_member_ids.crm_team_id', 'crm_team_member_ids.create_date', 'crm_team_member_ids.active'],
      help: 'Main user sales team. Used notably for pipeline, or to set sales team in invoicing or subscription.',
    },
  },
  methods: (Base) => class extends Base {
    _compute_crm_team_ids(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.all<{ t: number }>(
        'SELECT DISTINCT crm_team_id AS t FROM crm_team_member WHERE user_id = ? AND active = 1', [id]).map((r) => r.t)]));
    }
    _search_crm_team_ids(operator: string, value: unknown): Domain { return [['crm_team_member_ids.crm_team_id', operator, value]]; }
    _compute_sale_team_id(): Map<number, unknown> {
      return new Map(this.ids.map((id) => [id, this.env.cr.get<{ t: number }>(
        'SELECT crm_team_id AS t FROM crm_team_member WHERE user_id = ? AND active = 1 ORDER BY create_date, id LIMIT 1', [id])?.t ?? false]));
    }
  },
};

export const partnerSalesTeam: ModelDecl = {
  _inherit: 'res.partner',
  fields: {
    team_id: { type: 'many2one', comodel: 'crm.team', string: 'Sales Team', help: 'If set, this Sales Team will be used for sales and assignments related to this partner' },
  },
};

export const salesTeamModels: ModelDecl[] = [crmTeam, crmTeamMember, crmTag, usersSalesTeam, partnerSalesTeam];
