import { useOdoo } from 'odoo-emulator/jest';

// one emulator for this file, reset before each test
const odoo = useOdoo({ modules: ['portal'] });

async function execute(model: string, method: string, ...args: unknown[]) {
  const res = await fetch(`${odoo.url}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args: [odoo.db, 2, 'admin', model, method, args] } }),
  });
  const reply = await res.json();
  if (reply.error) throw new Error(reply.error.data.message);
  return reply.result;
}

test('creates a partner', async () => {
  const id = await execute('res.partner', 'create', { name: 'Jo', email: 'jo@example.com' });
  expect(odoo.journal({ model: 'res.partner', method: 'create' })).toEqual([expect.objectContaining({ uid: 2, result: id })]);
});

test('starts from the same data', async () => {
  expect(await execute('res.partner', 'search_count', [['name', '=', 'Jo']])).toBe(0);
});

test('reports a concurrent update the way Odoo does', async () => {
  odoo.faults.add({ model: 'res.partner', method: 'write', error: 'SerializationFailure', times: 1 });
  await expect(execute('res.partner', 'write', [3], { name: 'New' })).rejects.toThrow('could not serialize access due to concurrent update');
  await expect(execute('res.partner', 'write', [3], { name: 'New' })).resolves.toBe(true);
});

test('expires a reset-password link after a day', async () => {
  await execute('res.users', 'action_reset_password', [6]);
  const [mail] = odoo.outbox({ subject: 'Password reset' });
  expect(mail.links[0].url).toMatch(`${odoo.url}/web/reset_password?`);
  odoo.clock.advance(25 * 3600 * 1000);
  expect((await execute('res.partner', 'read', [7], ['signup_valid']))[0].signup_valid).toBe(false);
});
