/**
 * The smaller framework models over XML-RPC and JSON-RPC, with the answers and messages a real
 * Odoo 17 gave for the same calls (recorded on ref_default): currency rates, bank accounts,
 * decimal precision, user defaults, saved filters, exports, date-range sequences, scheduled
 * actions, aliases, user settings, and who may read each model (internal vs portal users).
 */
import { startTestServer, type TestServer } from '../helpers/server';
import { PROTOCOLS, jsonKw, xmlKw, type Login } from './helpers';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer({ db_name: ['smalldb'] }); });
afterAll(() => srv.close());

const ACL = (desc: string, model: string, groups: string[]) =>
  `You are not allowed to access '${desc}' (${model}) records.\n\nThis operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}\n\nContact your administrator to request access if necessary.`;

describe('who may read what (recorded on ref_default with search_count)', () => {
  // [model, demo may read, portal may read]
  const MATRIX: Array<[string, boolean, boolean]> = [
    ['ir.attachment', true, false], ['ir.ui.view', false, false], ['ir.actions.actions', false, false], ['ir.actions.act_window', false, false],
    ['ir.actions.server', false, false], ['ir.actions.client', false, false], ['ir.actions.report', true, false], ['ir.actions.act_url', false, false],
    ['ir.ui.menu', true, false], ['ir.default', true, false], ['ir.property', false, false], ['ir.cron', false, false], ['ir.filters', true, true],
    ['ir.exports', true, false], ['ir.exports.line', true, false], ['ir.sequence.date_range', true, false], ['res.currency.rate', true, true],
    ['res.bank', true, false], ['res.partner.bank', true, false], ['decimal.precision', false, false], ['res.country.group', true, true],
    ['res.users.settings', true, false], ['mail.alias', true, false], ['mail.alias.domain', true, false], ['bus.bus', false, false],
    ['bus.presence', true, true], ['ir.cron.trigger', false, false],
  ];
  test.each(MATRIX)('%s: internal user %s, portal user %s', async (model, demoOk, portalOk) => {
    for (const [login, ok] of [['demo', demoOk], ['portal', portalOk]] as Array<[Login, boolean]>) {
      const r = await xmlKw(srv, login, model, 'search_count', [[]]);
      if (ok) expect(typeof r.result).toBe('number');
      else expect(r.error!.message).toMatch(new RegExp(`^You are not allowed to access '[^']+' \\(${model.replace(/\./g, '\\.')}\\) records\\.`));
    }
  });
  test('the denial names the groups that may', async () => {
    expect((await jsonKw(srv, 'demo', 'ir.cron', 'search_count', [[]])).error!.message).toBe(ACL('Scheduled Actions', 'ir.cron', ['Administration/Settings']));
    expect((await jsonKw(srv, 'portal', 'res.bank', 'search_count', [[]])).error!.message).toBe(ACL('Bank', 'res.bank', ['Administration/Settings', 'Extra Rights/Contact Creation', 'User types/Internal User']));
  });
});

describe.each(PROTOCOLS)('over %s', (_p, kw) => {
  test('res.currency.rate: demo rates with Odoo ids, rate / company_rate / inverse_company_rate', async () => {
    const eur = (await kw(srv, 'admin', 'res.currency', 'search', [[['name', '=', 'EUR']]], { context: { active_test: false } })).result[0];
    expect(eur).toBe(126);
    const rates = (await kw(srv, 'admin', 'res.currency.rate', 'search_read', [[['currency_id', '=', eur]]], { fields: ['name', 'rate', 'company_rate', 'inverse_company_rate', 'company_id'], order: 'name desc', limit: 2 })).result;
    expect(rates).toEqual([{ id: 126, name: '2010-01-01', rate: 1.2834, company_rate: 1.2834, inverse_company_rate: 0.7791803023219572, company_id: [1, 'YourCompany'] }]);
    expect((await kw(srv, 'admin', 'res.currency', 'read', [[eur], ['rate', 'inverse_rate', 'rate_string', 'date']], { context: { date: '2025-01-01' } })).result)
      .toEqual([{ id: 126, rate: 1.2834, inverse_rate: 0.7791803023219572, rate_string: '1 USD = 1.283400 EUR', date: '2010-01-01' }]);
    const id = (await kw(srv, 'admin', 'res.currency.rate', 'create', [{ currency_id: eur, name: '2030-01-01', inverse_company_rate: 2.0 }])).result;
    expect((await kw(srv, 'admin', 'res.currency.rate', 'read', [[id], ['rate', 'company_rate', 'inverse_company_rate']])).result).toEqual([{ id, rate: 0.5, company_rate: 0.5, inverse_company_rate: 2.0 }]);
    expect((await kw(srv, 'admin', 'res.currency.rate', 'create', [{ currency_id: eur, name: '2030-01-01', rate: 1.5 }])).error!.message).toBe('The operation cannot be completed: Only one currency rate per day allowed!');
    expect((await kw(srv, 'admin', 'res.currency.rate', 'create', [{ currency_id: eur, name: '2031-01-01', rate: -1 }])).error!.message).toBe('The operation cannot be completed: The currency rate must be strictly positive.');
    await kw(srv, 'admin', 'res.currency.rate', 'unlink', [[id]]);
  });

  test('res.partner.bank: sanitized number, acc_type, uniqueness per partner', async () => {
    const b = (await kw(srv, 'admin', 'res.partner.bank', 'create', [{ acc_number: 'be71 0961-2345 6769', partner_id: 1 }])).result;
    expect((await kw(srv, 'admin', 'res.partner.bank', 'read', [[b], ['sanitized_acc_number', 'acc_type', 'display_name', 'company_id']])).result)
      .toEqual([{ id: b, sanitized_acc_number: 'BE71096123456769', acc_type: 'bank', display_name: 'be71 0961-2345 6769', company_id: false }]);
    expect((await kw(srv, 'admin', 'res.partner.bank', 'create', [{ acc_number: 'BE71096123456769', partner_id: 1 }])).error!.message).toBe('The operation cannot be completed: The combination Account Number/Partner must be unique.');
    await kw(srv, 'admin', 'res.partner.bank', 'unlink', [[b]]);
    const [demo] = (await kw(srv, 'admin', 'res.partner.bank', 'search_read', [[]], { fields: ['acc_number', 'partner_id', 'sanitized_acc_number'] })).result;
    expect(demo).toMatchObject({ id: 1, acc_number: '60-16-13 31926819', sanitized_acc_number: '60161331926819' });
    expect(demo.partner_id[1]).toBe('YourCompany, Marc Demo');
  });

  test('decimal.precision, banks and country groups of the base data', async () => {
    expect((await kw(srv, 'admin', 'decimal.precision', 'precision_get', ['Product Price'])).result).toBe(2);
    expect((await kw(srv, 'admin', 'res.bank', 'search_read', [[]], { fields: ['name', 'bic', 'active'], context: { active_test: false }, order: 'id' })).result).toEqual([
      { id: 1, name: 'Reserve', bic: false, active: false }, { id: 2, name: 'ING', bic: 'BBRUBEBB', active: true }, { id: 3, name: 'BNP Paribas', bic: 'GEBABEBB', active: true }]);
    const groups = (await kw(srv, 'portal', 'res.country.group', 'search_read', [[]], { fields: ['name'], order: 'id' })).result.map((g: any) => g.name);
    expect(groups).toEqual(['European Union', 'South America', 'SEPA Countries', 'Gulf Cooperation Council (GCC)', 'Eurasian Economic Union', 'Switzerland and Liechtenstein']);
  });
});

describe('ir.default', () => {
  test("a user sets a personal default; only Settings may set everybody's; default_get applies it", async () => {
    expect((await jsonKw(srv, 'demo', 'ir.default', 'set', ['res.partner', 'function', 'Boss', true])).result).toBe(true);
    expect((await jsonKw(srv, 'demo', 'res.partner', 'default_get', [['function']])).result).toEqual({ function: 'Boss' });
    expect((await jsonKw(srv, 'admin', 'res.partner', 'default_get', [['function']])).result).toEqual({});
    const created = (await jsonKw(srv, 'demo', 'res.partner', 'create', [{ name: 'Defaulted' }])).result;
    expect((await jsonKw(srv, 'demo', 'res.partner', 'read', [[created], ['function', 'lang']])).result[0]).toMatchObject({ function: 'Boss', lang: 'en_US' });
    expect((await jsonKw(srv, 'demo', 'ir.default', 'set', ['res.partner', 'function', 'Boss'])).error!.message).toMatch(/If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies\.$/);
    expect((await jsonKw(srv, 'admin', 'ir.default', 'set', ['res.partner', 'nofield', 'Boss'])).error).toEqual({ name: 'odoo.exceptions.ValidationError', message: 'Invalid field res.partner.nofield' });
    // the language default every database has (ir.default id 1)
    const [lang] = (await jsonKw(srv, 'admin', 'ir.default', 'read', [[1], ['json_value', 'user_id', 'company_id']])).result;
    expect(lang).toEqual({ id: 1, json_value: '"en_US"', user_id: false, company_id: false });
  });
});

describe('ir.filters', () => {
  test('create_or_replace and get_filters per user (a portal user keeps their own filters)', async () => {
    const id = (await jsonKw(srv, 'portal', 'ir.filters', 'create_or_replace', [{ name: 'Mine', model_id: 'res.partner', domain: "[('id','>',1)]", user_id: 7 }])).result;
    expect(typeof id).toBe('number');
    expect((await jsonKw(srv, 'portal', 'ir.filters', 'get_filters', ['res.partner'])).result).toEqual([
      { id, name: 'Mine', is_default: false, domain: "[('id','>',1)]", context: '{}', user_id: [7, 'Joel Willis'], sort: '[]' }]);
    expect((await jsonKw(srv, 'demo', 'ir.filters', 'get_filters', ['res.partner'])).result).toEqual([]);
    // same name: replaced, not duplicated
    expect((await jsonKw(srv, 'portal', 'ir.filters', 'create_or_replace', [{ name: 'mine', model_id: 'res.partner', domain: '[]', user_id: 7 }])).result).toBe(id);
    const shared = (await jsonKw(srv, 'admin', 'ir.filters', 'create_or_replace', [{ name: 'Shared', model_id: 'res.partner', is_default: true, user_id: false }])).result;
    expect((await jsonKw(srv, 'admin', 'ir.filters', 'create_or_replace', [{ name: 'Other', model_id: 'res.partner', is_default: true, user_id: false }])).error!.message)
      .toBe('There is already a shared filter set as default for res.partner, delete or change it before setting a new default');
    await jsonKw(srv, 'admin', 'ir.filters', 'unlink', [[shared]]);
  });

  test('get_views loads the filters of the search view', async () => {
    const r = (await jsonKw(srv, 'portal', 'res.country', 'get_views', [[[false, 'search']]], { options: { load_filters: true } })).result;
    expect(r.views.search.filters).toEqual([]);
  });
});

describe('ir.exports, ir.sequence.date_range, ir.cron', () => {
  test('export lists with their lines', async () => {
    const id = (await jsonKw(srv, 'demo', 'ir.exports', 'create', [{ name: 'x', resource: 'res.partner', export_fields: [[0, 0, { name: 'name' }], [0, 0, { name: 'email' }]] }])).result;
    const [e] = (await jsonKw(srv, 'demo', 'ir.exports', 'read', [[id], ['name', 'resource', 'export_fields']])).result;
    const lines = (await jsonKw(srv, 'demo', 'ir.exports.line', 'read', [e.export_fields, ['name']])).result.map((l: any) => l.name);
    expect(lines).toEqual(['name', 'email']);
  });

  test('sequences numbered per date range: ranges created per year, %(range_year)s', async () => {
    const s = (await jsonKw(srv, 'admin', 'ir.sequence', 'create', [{ name: 'ffseq', use_date_range: true, prefix: '%(range_year)s/', padding: 4 }])).result;
    const next = async (d: string) => (await jsonKw(srv, 'admin', 'ir.sequence', 'next_by_id', [[s]], { sequence_date: d })).result;
    expect([await next('2024-03-05'), await next('2024-07-01'), await next('2025-01-02')]).toEqual(['2024/0001', '2024/0002', '2025/0001']);
    expect((await jsonKw(srv, 'admin', 'ir.sequence.date_range', 'search_read', [[['sequence_id', '=', s]]], { fields: ['date_from', 'date_to', 'number_next_actual'], order: 'date_from' })).result.map(({ id, ...r }: any) => r))
      .toEqual([{ date_from: '2024-01-01', date_to: '2024-12-31', number_next_actual: 3 }, { date_from: '2025-01-01', date_to: '2025-12-31', number_next_actual: 2 }]);
  });

  test("scheduled actions of our modules, with Odoo's ids; method_direct_trigger for Settings users only", async () => {
    // Odoo's 13 jobs have ids 1-13; those of models the emulator lacks are skipped with their ids kept
    const crons = (await xmlKw(srv, 'admin', 'ir.cron', 'search_read', [[]], { fields: ['name', 'interval_number', 'interval_type', 'numbercall', 'priority', 'active'], context: { active_test: false }, order: 'id' })).result;
    expect(crons.map((c: any) => [c.id, c.name])).toEqual([[3, 'Mail: Email Queue Manager'], [5, 'Notification: Delete Notifications older than 6 Month'], [10, 'Users: Notify About Unregistered Users']]);
    expect(crons[0]).toMatchObject({ interval_number: 1, interval_type: 'hours', numbercall: -1, priority: 5, active: true });
    expect((await xmlKw(srv, 'demo', 'ir.cron', 'method_direct_trigger', [[3]])).error!.message).toBe("You are not allowed to modify 'Scheduled Actions' (ir.cron) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.");
    expect((await xmlKw(srv, 'admin', 'ir.cron', 'method_direct_trigger', [[3]])).result).toBe(true);
    const [after] = (await jsonKw(srv, 'admin', 'ir.cron', 'read', [[3], ['lastcall', 'code', 'model_id', 'user_id']])).result;
    expect(after).toMatchObject({ code: 'model.process_email_queue()', model_id: [expect.any(Number), 'Outgoing Mails'], user_id: [1, expect.any(String)] });
    expect(after.lastcall).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

describe('mail.alias, res.users.settings, bus.bus', () => {
  test('alias names are sanitized as Odoo does', async () => {
    const model = (await jsonKw(srv, 'admin', 'ir.model', 'search', [[['model', '=', 'res.partner']]])).result[0];
    const id = (await jsonKw(srv, 'admin', 'mail.alias', 'create', [{ alias_name: 'Héllo World', alias_model_id: model }])).result;
    expect((await jsonKw(srv, 'admin', 'mail.alias', 'read', [[id], ['alias_name', 'alias_full_name', 'display_name', 'alias_contact', 'alias_defaults']])).result)
      .toEqual([{ id, alias_name: 'hello-world', alias_full_name: 'hello-world', display_name: 'hello-world', alias_contact: 'everyone', alias_defaults: '{}' }]);
    expect((await jsonKw(srv, 'admin', 'mail.alias', 'create', [{ alias_name: 'hello world', alias_model_id: model }])).error!.message).toBe('The e-mail alias hello-world is already used. Please choose another alias.');
  });

  test('user settings: a user reads and writes their own only', async () => {
    const id = (await jsonKw(srv, 'demo', 'res.users.settings', 'create', [{ user_id: 6 }])).result;
    expect((await jsonKw(srv, 'demo', 'res.users.settings', 'set_res_users_settings', [[id], { voice_active_duration: 300 }])).result).toEqual({ voice_active_duration: 300, id });
    expect((await jsonKw(srv, 'demo', 'res.users.settings', 'search_read', [[]], { fields: ['user_id', 'is_discuss_sidebar_category_channel_open', 'voice_active_duration'] })).result)
      .toEqual([{ id, user_id: [6, 'Marc Demo'], is_discuss_sidebar_category_channel_open: true, voice_active_duration: 300 }]);
    expect((await jsonKw(srv, 'demo', 'res.users.settings', 'create', [{ user_id: 2 }])).error!.name).toBe('odoo.exceptions.AccessError');
  });

  test('bus.bus is not readable over RPC, even by employees', async () => {
    expect((await jsonKw(srv, 'demo', 'bus.bus', 'search', [[]])).error!.message).toBe("You are not allowed to access 'Communication Bus' (bus.bus) records.\n\nNo group currently allows this operation.\n\nContact your administrator to request access if necessary.");
  });
});

describe('bus: the web client fetches its notifications', () => {
  test('/websocket/peek_notifications answers the channels and the notifications after `last`', async () => {
    const { webLogin: login } = await import('./helpers');
    const c = await login(srv, 'demo');
    const first = await c.call('/websocket/peek_notifications', { channels: ['broadcast'], last: 0, is_first_poll: true });
    expect(first.result.channels).toEqual([['smalldb', 'broadcast'], ['smalldb', 'res.partner', 7]]);
    expect(first.result.notifications).toEqual([]);
    // a notification for the user's partner, queued server side (bus.bus._sendone, as mail does)
    const db = srv.app.dbm.get('smalldb');
    db.cr.transaction(() => {
      const env = db.env(1);
      env.model('bus.bus')._sendone(env.model('res.partner').browse([7]), 'mail.record/insert', { Persona: { id: 7 } });
      env.model('bus.bus')._sendone('someone_else', 'x', {});
    });
    const next = await c.call('/websocket/peek_notifications', { channels: ['broadcast'], last: 0 });
    expect(next.result.notifications).toEqual([{ id: expect.any(Number), message: { type: 'mail.record/insert', payload: { Persona: { id: 7 } } } }]);
    const after = await c.call('/websocket/peek_notifications', { channels: ['broadcast'], last: next.result.notifications[0].id });
    expect(after.result.notifications).toEqual([]);
    const health = await fetch(`${srv.url}/websocket/health`);
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(await health.text()).toBe('{"status": "pass"}');
    // without a first poll in this session: SessionExpired, as Odoo
    const other = await login(srv, 'demo');
    const r = await other.call('/websocket/peek_notifications', { channels: [], last: 0 });
    expect(r.error.data.name).toBe('odoo.http.SessionExpiredException');
  });
});
