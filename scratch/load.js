const autocannon = require('/work/main/node_modules/autocannon');
(async () => {
  const auth = await fetch('http://127.0.0.1:8099/web/session/authenticate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', params: { db: 'odoo', login: 'admin', password: 'admin' } }) });
  const cookie = auth.headers.get('set-cookie').split(';')[0];
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { model: 'res.partner', method: 'search_read', args: [[]], kwargs: { fields: ['name', 'email', 'city', 'country_id', 'is_company'], limit: 80, context: { active_test: false } } } });
  const r = await autocannon({ url: 'http://127.0.0.1:8099/web/dataset/call_kw', method: 'POST', connections: 16, duration: 8, headers: { 'Content-Type': 'application/json', Cookie: cookie }, body });
  console.log('req/s', r.requests.average, 'p50', r.latency.p50, 'non2xx', r.non2xx);
  const x = await fetch('http://127.0.0.1:8099/web/dataset/call_kw', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body });
  console.log((await x.text()).length);
})();
