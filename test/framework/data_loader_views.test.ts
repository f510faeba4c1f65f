/**
 * The data loader's view, action and menu tags, with convert.py's semantics: <record> of
 * ir.ui.view with an arch as XML (several roots wrapped in <data>, text and comments kept,
 * %(xmlid)d substituted), <template> (qweb views, inherit_id, primary), <menuitem> (nested
 * children, parent, action name and reference, groups with -removal, web_icon), reference refs.
 */
import type { Database } from '../../models/database';
import { DataLoader } from '../../models/tools/data_loader';
import { demoDb } from '../models/orm_helpers';

let db: Database;
const loader = (module = 'mymod') => new DataLoader(db.env(1, {}).sudo(), module);
const xml = (body: string) => `<?xml version="1.0" encoding="utf-8"?>\n<odoo>\n${body}\n</odoo>`;
const refOf = (xmlid: string) => db.env(1).refId(xmlid);
const read = (model: string, id: number, fields: string[]) => db.env(1).model(model).browse([id]).read(fields, null)[0];

beforeAll(() => { db = demoDb(); });

test('a view record keeps its arch as written, with the ids of %(xmlid)d', () => {
  loader().loadXml(xml(`
    <record id="act_banks" model="ir.actions.act_window">
      <field name="name">My Banks</field>
      <field name="res_model">res.bank</field>
    </record>
    <record id="view_bank_form" model="ir.ui.view">
      <field name="name">my.bank.form</field>
      <field name="model">res.bank</field>
      <field name="priority">5</field>
      <field name="arch" type="xml">
        <form string="Bank">
          <!-- a comment -->
          <button name="%(act_banks)d" type="action" string="Open &amp; see"/>
          <div>Text <b>bold</b> tail</div>
          <field name="name"/>
        </form>
      </field>
    </record>`));
  const v = read('ir.ui.view', refOf('mymod.view_bank_form'), ['arch_db', 'type', 'mode', 'priority', 'model']);
  expect(v).toMatchObject({ type: 'form', mode: 'primary', priority: 5, model: 'res.bank' });
  expect(v.arch_db).toBe(`<form string="Bank">
          <!-- a comment -->
          <button name="${refOf('mymod.act_banks')}" type="action" string="Open &amp; see"/>
          <div>Text <b>bold</b> tail</div>
          <field name="name"/>
        </form>`);
});

test('an inheriting view with several specs is wrapped in <data> and applies to its parent', () => {
  loader().loadXml(xml(`
    <record id="view_bank_form_ext" model="ir.ui.view">
      <field name="name">my.bank.form.ext</field>
      <field name="model">res.bank</field>
      <field name="inherit_id" ref="view_bank_form"/>
      <field name="arch" type="xml">
        <field name="name" position="after"><field name="bic"/></field>
        <xpath expr="//div" position="replace"/>
      </field>
    </record>`));
  const v = read('ir.ui.view', refOf('mymod.view_bank_form_ext'), ['arch_db', 'mode', 'type']);
  expect(v.mode).toBe('extension');
  expect(v.type).toBe('form');
  expect(v.arch_db).toMatch(/^<data><field name="name" position="after"><field name="bic"\/><\/field>\s*<xpath expr="\/\/div" position="replace"\/>\s*<\/data>$/);
  const { arch } = db.env(1).model('res.bank').get_view(refOf('mymod.view_bank_form'), 'form', {});
  expect(arch).toContain('<field name="name"/><field name="bic"/>');
  expect(arch).not.toContain('<div>');
});

test('<template> makes a qweb view named after its id, an inheriting one a <data> extension', () => {
  loader().loadXml(xml(`
    <template id="my_page" name="My Page"><div class="page"><t t-esc="x"/></div></template>
    <template id="my_page_ext" inherit_id="my_page" priority="20"><xpath expr="//div" position="inside"><span>more</span></xpath></template>
    <template id="my_page_primary" inherit_id="my_page" primary="True"><xpath expr="//div" position="attributes"><attribute name="class">other</attribute></xpath></template>`));
  const page = read('ir.ui.view', refOf('mymod.my_page'), ['name', 'key', 'type', 'arch_db', 'mode']);
  expect(page).toMatchObject({ name: 'My Page', key: 'mymod.my_page', type: 'qweb', mode: 'primary' });
  expect(page.arch_db).toBe('<t name="My Page" t-name="mymod.my_page"><div class="page"><t t-esc="x"/></div></t>');
  const ext = read('ir.ui.view', refOf('mymod.my_page_ext'), ['inherit_id', 'priority', 'mode', 'arch_db']);
  expect(ext).toMatchObject({ inherit_id: refOf('mymod.my_page'), priority: 20, mode: 'extension' });
  expect(ext.arch_db).toMatch(/^<data inherit_id="my_page" priority="20">/);
  const primary = read('ir.ui.view', refOf('mymod.my_page_primary'), ['mode', 'arch_db']);
  expect(primary.mode).toBe('primary');
  expect(primary.arch_db).toContain('<xpath expr="." position="attributes"><attribute name="t-name">mymod.my_page_primary</attribute></xpath>');
});

test('<menuitem>: nesting, parent, action (name and reference), sequence, groups and group removal, active', () => {
  loader().loadXml(xml(`
    <menuitem id="menu_root" name="My App" web_icon="base,static/description/settings.png" sequence="7" groups="base.group_user,base.group_system">
      <menuitem id="menu_banks" action="act_banks" sequence="3"/>
      <menuitem id="menu_off" name="Hidden" active="False"/>
    </menuitem>
    <menuitem id="menu_other" parent="menu_root" name="Other" groups="-base.group_system"/>`));
  const root = read('ir.ui.menu', refOf('mymod.menu_root'), ['name', 'sequence', 'parent_id', 'web_icon', 'web_icon_data', 'groups_id']);
  expect(root).toMatchObject({ name: 'My App', sequence: 7, parent_id: false, web_icon: 'base,static/description/settings.png' });
  expect(root.web_icon_data).toMatch(/^iVBORw0KGgo/);
  expect(root.groups_id.sort()).toEqual([refOf('base.group_user'), refOf('base.group_system')].sort());
  const banks = read('ir.ui.menu', refOf('mymod.menu_banks'), ['name', 'parent_id', 'action', 'sequence']);
  expect(banks).toMatchObject({ name: 'My Banks', parent_id: refOf('mymod.menu_root'), action: `ir.actions.act_window,${refOf('mymod.act_banks')}`, sequence: 3 });
  const off = db.env(1).model('ir.ui.menu').withContext({ active_test: false }).browse([refOf('mymod.menu_off')]).read(['active'], null)[0];
  expect(off.active).toBe(false);
  expect(read('ir.ui.menu', refOf('mymod.menu_other'), ['groups_id']).groups_id).toEqual([]);
  // loading again updates the same records
  const before = refOf('mymod.menu_banks');
  loader().loadXml(xml('<menuitem id="menu_banks" parent="menu_root" name="Banks (renamed)" action="act_banks"/>'));
  expect(refOf('mymod.menu_banks')).toBe(before);
  expect(read('ir.ui.menu', before, ['name']).name).toBe('Banks (renamed)');
});

test('a reference field takes model,id from ref=', () => {
  loader().loadXml(xml(`
    <record id="menu_ref" model="ir.ui.menu">
      <field name="name">By ref</field>
      <field name="action" ref="act_banks"/>
    </record>`));
  expect(read('ir.ui.menu', refOf('mymod.menu_ref'), ['action']).action).toBe(`ir.actions.act_window,${refOf('mymod.act_banks')}`);
});
