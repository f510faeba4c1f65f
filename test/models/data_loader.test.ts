/**
 * Data files (Odoo's convert.py semantics): XML <record>/<field> with text, ref, eval, search and
 * type="html", <data noupdate>, <delete>, <function>; CSV files with `field:id` references and
 * many2many xml id lists; xml ids recorded in ir.model.data and reused on reload (update, not
 * duplicate); `_inherits` parents getting `<xmlid>_res_partner`; a sandboxed eval.
 */
import type { Database } from '../../models/database';
import type { Environment } from '../../models/orm/environment';
import { DataLoader, parseCsv } from '../../models/tools/data_loader';
import { catchError, demoDb } from './orm_helpers';

let db: Database;
const su = (): Environment => db.env(1);
const loader = (module = 'mymod', ctx: Record<string, unknown> = {}) => new DataLoader(db.env(2, ctx).sudo(), module);

beforeAll(() => {
  db = demoDb();
});

/** ir.model.data rows of a module/name. */
function imd(module: string, name: string): Array<{ module: string; name: string; model: string; res_id: number; noupdate: number }> {
  return db.cr.all('SELECT module, name, model, res_id, noupdate FROM ir_model_data WHERE module = ? AND name = ?', [module, name]);
}
const read = (model: string, id: number, fields: string[]) => su().model(model).browse([id]).read(fields, null)[0];

describe('XML records', () => {
  const XML = `<?xml version="1.0" encoding="utf-8"?>
<odoo>
  <record id="tag_vip" model="res.partner.category">
    <field name="name">VIP</field>
    <field name="color" eval="3"/>
  </record>
  <record id="tag_child" model="res.partner.category">
    <field name="name">VIP child</field>
    <field name="parent_id" ref="tag_vip"/>
  </record>
  <record id="partner_acme" model="res.partner">
    <field name="name">Acme &amp; Co</field>
    <field name="is_company" eval="True"/>
    <field name="color">4</field>
    <field name="partner_latitude">50.5</field>
    <field name="country_id" search="[('code', '=', 'BE')]"/>
    <field name="category_id" eval="[Command.set([ref('tag_vip'), ref('mymod.tag_child')])]"/>
    <field name="company_id" ref="base.main_company"/>
    <field name="comment" type="html"><p>Hello <b>world</b></p></field>
    <field name="date" eval="time.strftime('%Y-01-01')"/>
    <field name="ref"></field>
  </record>
  <record id="partner_acme_contact" model="res.partner">
    <field name="name">Road Runner</field>
    <field name="parent_id" ref="partner_acme"/>
    <field name="category_id" eval="[(4, ref('tag_child'))]"/>
  </record>
</odoo>`;

  let acme: number;
  beforeAll(() => {
    loader().loadXml(XML);
    acme = imd('mymod', 'partner_acme')[0].res_id;
  });

  test('records are created with their xml ids in ir.model.data', () => {
    expect(imd('mymod', 'partner_acme')).toEqual([{ module: 'mymod', name: 'partner_acme', model: 'res.partner', res_id: acme, noupdate: 0 }]);
    const vip = imd('mymod', 'tag_vip')[0];
    expect(vip.model).toBe('res.partner.category');
    expect(su().ref('mymod.tag_vip')!.ids).toEqual([vip.res_id]);
    expect(su().model('ir.model.data').search_read([['module', '=', 'mymod'], ['name', '=', 'tag_vip']], ['complete_name', 'model', 'res_id']))
      .toEqual([{ id: expect.any(Number), complete_name: 'mymod.tag_vip', model: 'res.partner.category', res_id: vip.res_id }]);
  });

  test('text, eval, ref, search, Command eval, html and empty values are converted per field type', () => {
    const vip = imd('mymod', 'tag_vip')[0].res_id;
    const child = imd('mymod', 'tag_child')[0].res_id;
    const be = su().model('res.country').search([['code', '=', 'BE']]).ids[0];
    const r = read('res.partner', acme, ['name', 'is_company', 'color', 'partner_latitude', 'country_id', 'category_id', 'company_id', 'comment', 'date', 'ref']);
    expect({ ...r, partner_latitude: Number(r.partner_latitude) }).toEqual({
      id: acme, name: 'Acme & Co', is_company: true, color: 4, partner_latitude: 50.5, country_id: be,
      category_id: [vip, child].sort((a, b) => a - b), company_id: 1, comment: '<p>Hello <b>world</b></p>',
      // an empty <field> of a char field is '' as in Odoo (convert.py), not False
      date: `${new Date().getFullYear()}-01-01`, ref: '',
    });
    expect(read('res.partner.category', child, ['parent_id', 'display_name'])).toEqual({ id: child, parent_id: vip, display_name: 'VIP / VIP child' });
    const contact = imd('mymod', 'partner_acme_contact')[0].res_id;
    expect(read('res.partner', contact, ['parent_id', 'category_id', 'display_name'])).toEqual({ id: contact, parent_id: acme, category_id: [child], display_name: 'Acme & Co, Road Runner' });
  });

  test('reloading updates the same records instead of duplicating them', () => {
    const before = su().model('res.partner').search_count([['name', '=like', 'Acme%']]);
    loader().loadXml(XML.replace('Acme &amp; Co', 'Acme Renamed').replace('eval="3"', 'eval="9"'));
    expect(su().model('res.partner').search_count([['name', '=like', 'Acme%']])).toBe(before);
    expect(imd('mymod', 'partner_acme')).toHaveLength(1);
    expect(imd('mymod', 'partner_acme')[0].res_id).toBe(acme);
    expect(read('res.partner', acme, ['name'])).toEqual({ id: acme, name: 'Acme Renamed' });
    expect(read('res.partner.category', imd('mymod', 'tag_vip')[0].res_id, ['color'])).toEqual({ id: imd('mymod', 'tag_vip')[0].res_id, color: 9 });
    // the contact's complete_name followed its parent's rename
    const contact = imd('mymod', 'partner_acme_contact')[0].res_id;
    expect(read('res.partner', contact, ['display_name'])).toEqual({ id: contact, display_name: 'Acme Renamed, Road Runner' });
  });

  test('the same xml id name in another module is a different record', () => {
    loader('othermod').loadXml('<odoo><record id="tag_vip" model="res.partner.category"><field name="name">Other VIP</field></record></odoo>');
    expect(imd('othermod', 'tag_vip')[0].res_id).not.toBe(imd('mymod', 'tag_vip')[0].res_id);
  });

  test('record context attribute applies (default_* values)', () => {
    loader().loadXml(`<odoo><record id="ctx_partner" model="res.partner" context="{'default_type': 'invoice', 'default_ref': 'CTX'}">
      <field name="name">Ctx partner</field></record></odoo>`);
    const id = imd('mymod', 'ctx_partner')[0].res_id;
    expect(read('res.partner', id, ['type', 'ref'])).toEqual({ id, type: 'invoice', ref: 'CTX' });
  });
});

describe('noupdate, delete, function', () => {
  test('<data noupdate="1"> records are flagged and not overwritten in update mode', () => {
    const xml = (color: number) => `<odoo><data noupdate="1">
      <record id="nu_tag" model="res.partner.category"><field name="name">NoUpdate</field><field name="color" eval="${color}"/></record>
    </data></odoo>`;
    loader().loadXml(xml(1));
    const row = imd('mymod', 'nu_tag')[0];
    expect(row.noupdate).toBe(1);
    loader('mymod', { update_mode: true }).loadXml(xml(2));
    expect(read('res.partner.category', row.res_id, ['color'])).toEqual({ id: row.res_id, color: 1 });
    expect(imd('mymod', 'nu_tag')).toHaveLength(1);
    // <odoo noupdate="1"> on the root works too
    loader().loadXml('<odoo noupdate="1"><record id="nu_root" model="res.partner.category"><field name="name">NU root</field></record></odoo>');
    expect(imd('mymod', 'nu_root')[0].noupdate).toBe(1);
  });

  test('<delete> by xml id and by search removes the records', () => {
    loader().loadXml(`<odoo>
      <record id="del_a" model="res.partner.category"><field name="name">Del A</field></record>
      <record id="del_b" model="res.partner.category"><field name="name">Del B</field></record>
    </odoo>`);
    const a = imd('mymod', 'del_a')[0].res_id;
    const b = imd('mymod', 'del_b')[0].res_id;
    loader().loadXml(`<odoo><delete model="res.partner.category" id="del_a"/><delete model="res.partner.category" search="[('name', '=', 'Del B')]"/></odoo>`);
    expect(su().model('res.partner.category').browse([a, b]).exists().ids).toEqual([]);
    expect(imd('mymod', 'del_a')).toEqual([]);
    // deleting an unknown xml id is a no-op
    expect(() => loader().loadXml('<odoo><delete model="res.partner.category" id="never_existed"/></odoo>')).not.toThrow();
  });

  test('<function> calls a model method with evaluated arguments', () => {
    loader().loadXml(`<odoo><function model="res.partner.category" name="name_create" eval="['Made by function']"/></odoo>`);
    expect(su().model('res.partner.category').search_count([['name', '=', 'Made by function']])).toBe(1);
  });

  test('<function> on a record method receives the ids first (call_kw convention)', () => {
    loader().loadXml(`<odoo>
      <record id="fn_partner" model="res.partner"><field name="name">Fn partner</field></record>
      <function model="res.partner" name="write" eval="[[ref('fn_partner')], {'ref': 'FROM-FN'}]"/>
    </odoo>`);
    const id = imd('mymod', 'fn_partner')[0].res_id;
    expect(read('res.partner', id, ['ref'])).toEqual({ id, ref: 'FROM-FN' });
  });
});

describe('CSV files', () => {
  test('parseCsv handles quotes, embedded commas and newlines, doubled quotes and CRLF', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"multi\nline",\n')).toEqual([
      ['a', 'b', 'c'], ['1', 'x, y', 'say "hi"'], ['2', 'multi\nline', ''],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  test('rows become records with xml ids; field:id references and many2many xml id lists', () => {
    const n = loader().loadCsv('res.partner.category', 'id,name,color,parent_id:id\ncsv_a,CSV A,1,\ncsv_b,CSV B,2,csv_a\n');
    expect(n).toBe(2);
    const a = imd('mymod', 'csv_a')[0].res_id;
    const b = imd('mymod', 'csv_b')[0].res_id;
    expect(read('res.partner.category', b, ['name', 'color', 'parent_id'])).toEqual({ id: b, name: 'CSV B', color: 2, parent_id: a });
    expect(read('res.partner.category', a, ['parent_id'])).toEqual({ id: a, parent_id: false });
    loader().loadCsv('res.partner', 'id,name,is_company,category_id:id,country_id/id\ncsv_p,CSV Partner,1,"csv_a,mymod.csv_b",base.be\n');
    const p = imd('mymod', 'csv_p')[0];
    expect(p.model).toBe('res.partner');
    const be = su().model('res.country').search([['code', '=', 'BE']]).ids[0];
    expect(read('res.partner', p.res_id, ['name', 'is_company', 'category_id', 'country_id'])).toEqual({
      id: p.res_id, name: 'CSV Partner', is_company: true, category_id: [a, b].sort((x, y) => x - y), country_id: be,
    });
  });

  test('reloading a CSV updates rows in place', () => {
    loader().loadCsv('res.partner.category', 'id,name,color\ncsv_a,CSV A2,5\n');
    const a = imd('mymod', 'csv_a');
    expect(a).toHaveLength(1);
    expect(read('res.partner.category', a[0].res_id, ['name', 'color'])).toEqual({ id: a[0].res_id, name: 'CSV A2', color: 5 });
    expect(su().model('res.partner.category').search_count([['name', '=like', 'CSV A%']])).toBe(1);
  });

  test('an unknown xml id in a reference column aborts the load', () => {
    // (Odoo reports it through load() messages; the text is internal to module loading)
    expect(() => loader().loadCsv('res.partner.category', 'id,name,parent_id:id\ncsv_x,X,no_such_id\n')).toThrow(/no_such_id/);
    expect(imd('mymod', 'csv_x')).toEqual([]);
  });
});

describe('records about models this emulator does not implement', () => {
  const seq = (table: string): number => db.cr.get<{ seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = ?', [table])!.seq;

  test('an access right of an absent model is skipped and its id used up; the next row keeps its place', () => {
    const before = seq('ir_model_access');
    loader().loadCsv('ir.model.access', 'id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n'
      + 'access_ghost,ghost,mymod.model_ghost_thing,base.group_user,1,0,0,0\n'
      + 'access_tag_after,tag after,base.model_res_partner_category,base.group_user,1,0,0,0\n');
    expect(imd('mymod', 'access_ghost')).toEqual([]);
    expect(imd('mymod', 'access_tag_after')[0].res_id).toBe(before + 2);
    // a second load (upgrade) does not use up another id for the skipped row
    loader('mymod', { update_mode: true }).loadCsv('ir.model.access', 'id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n'
      + 'access_ghost,ghost,mymod.model_ghost_thing,base.group_user,1,0,0,0\n');
    expect(seq('ir_model_access')).toBe(before + 2);
  });

  test('an XML record rule of an absent model is skipped the same way', () => {
    const before = seq('ir_rule');
    loader().loadXml(`<odoo>
      <record id="rule_ghost" model="ir.rule"><field name="name">ghost</field><field name="model_id" ref="model_ghost_thing"/>
        <field name="domain_force">[('ghost_id', '=', user.id)]</field></record>
      <record id="rule_tag" model="ir.rule"><field name="name">tags</field><field name="model_id" ref="base.model_res_partner_category"/>
        <field name="domain_force">[(1, '=', 1)]</field></record>
    </odoo>`);
    expect(imd('mymod', 'rule_ghost')).toEqual([]);
    expect(imd('mymod', 'rule_tag')[0].res_id).toBe(before + 2);
  });

  test('a message on a document of an absent model is skipped, even with a reference to that document', () => {
    const before = seq('mail_message');
    loader().loadXml(`<odoo>
      <record id="msg_channel" model="mail.message"><field name="model">discuss.channel</field><field name="res_id" ref="channel_never_loaded"/></record>
      <record id="msg_partner" model="mail.message"><field name="model">res.partner</field><field name="res_id" ref="base.partner_admin"/>
        <field name="message_type">comment</field><field name="body">hello</field></record>
    </odoo>`);
    expect(imd('mymod', 'msg_channel')).toEqual([]);
    expect(imd('mymod', 'msg_partner')[0].res_id).toBe(before + 2);
  });

  test('a misspelt model of an implemented model, or any other unknown xml id, still fails', () => {
    // model_res_partner exists in base, not in this module: a wrong module is an error, not a skip
    expect(() => loader().loadCsv('ir.model.access', 'id,name,model_id:id,group_id:id,perm_read\nacc_bad,bad,mymod.model_res_partner,base.group_user,1\n')).toThrow(/mymod.model_res_partner/);
    expect(() => loader().loadXml('<odoo><record id="msg_bad" model="mail.message"><field name="model">res.partner</field><field name="res_id" ref="no_such_partner"/></record></odoo>')).toThrow(/no_such_partner/);
  });
});

describe('_inherits parents', () => {
  test('a user record gives its partner the xml id <xmlid>_res_partner', () => {
    loader().loadXml(`<odoo><record id="user_loader" model="res.users">
      <field name="name">Loader User</field><field name="login">loader_user</field><field name="email">lu@example.com</field>
    </record></odoo>`);
    const u = imd('mymod', 'user_loader')[0];
    expect(u.model).toBe('res.users');
    const p = imd('mymod', 'user_loader_res_partner')[0];
    expect(p.model).toBe('res.partner');
    expect(read('res.users', u.res_id, ['partner_id', 'login'])).toEqual({ id: u.res_id, partner_id: p.res_id, login: 'loader_user' });
    expect(read('res.partner', p.res_id, ['name', 'email'])).toEqual({ id: p.res_id, name: 'Loader User', email: 'lu@example.com' });
    // reload: same user, same partner, no new xml ids
    loader().loadXml(`<odoo><record id="user_loader" model="res.users"><field name="name">Loader User 2</field><field name="login">loader_user</field></record></odoo>`);
    expect(imd('mymod', 'user_loader_res_partner')).toEqual([p]);
    expect(read('res.partner', p.res_id, ['name'])).toEqual({ id: p.res_id, name: 'Loader User 2' });
  });

  test('demo data follows the same convention (base.user_demo_res_partner is partner 7)', () => {
    expect(su().refId('base.user_demo')).toBe(6);
    expect(su().refId('base.partner_demo')).toBe(7);
  });
});

describe('errors and the eval sandbox', () => {
  const sandboxEscapes = [
    "__import__('os').system('echo pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "eval('1+1')",
    "exec('x = 1')",
    "ref.__globals__",
    "(lambda: 1).__code__",
    "getattr(ref, '__globals__')",
    'ref.constructor',
    "ref.constructor('return process')()",
  ];

  test.each(sandboxEscapes)('eval %p is refused', (expr) => {
    const xml = `<odoo><record id="evil" model="res.partner.category"><field name="name" eval="${expr.replace(/"/g, '&quot;')}"/></record></odoo>`;
    const e = catchError(() => loader().loadXml(xml));
    expect(['builtins.ValueError', 'builtins.NameError']).toContain(e.pyName);
    expect(imd('mymod', 'evil')).toEqual([]);
  });

  test('unknown field, unknown model, unknown xml id in ref', () => {
    expect(() => loader().loadXml('<odoo><record id="bad1" model="res.partner.category"><field name="nosuch">x</field></record></odoo>')).toThrow();
    expect(() => loader().loadXml('<odoo><record id="bad2" model="res.nosuch"><field name="name">x</field></record></odoo>')).toThrow();
    expect(() => loader().loadXml('<odoo><record id="bad3" model="res.partner"><field name="name">x</field><field name="parent_id" ref="nope"/></record></odoo>'))
      .toThrow('External ID not found in the system: mymod.nope');
    expect(imd('mymod', 'bad3')).toEqual([]);
  });

  test('malformed XML and a wrong root element are rejected', () => {
    expect(() => loader().loadXml('<odoo><record id="x" model="res.partner"></odoo>')).toThrow();
    expect(() => loader().loadXml('<data><record id="x" model="res.partner"/></data>')).toThrow('unexpected root <data>');
  });
});
