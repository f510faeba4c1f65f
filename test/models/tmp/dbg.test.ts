import { demoDb } from '../orm_helpers';
import { callKw } from '../../../rpc/service/call_kw';
test('dbg', () => {
  const db = demoDb();
  const env = db.env(2);
  const [u] = env.model('res.users').browse([2]).read([]);
  console.log(Object.keys(u).filter(k => k.includes('pass')), u.password, env.model('res.users').cls._fields.password?.spec);
  const kw = (m: string, meth: string, a: unknown[]) => callKw(db, 2, m, meth, a, {}, { unknownModel: 'user_error' });
  const pid = env.model('res.partner').create({ name: 'zz' }).ids[0];
  console.log(kw('res.partner', 'action_archive', [[pid]]), env.model('res.partner').browse([pid]).read(['active']));
  console.log(kw('res.partner', 'action_unarchive', [[pid]]), db.env(2).model('res.partner').browse([pid]).read(['active']));
  console.log(db.env(2).model('res.partner').browse([pid]).action_unarchive(), db.env(2).model('res.partner').browse([pid]).read(['active']));
});
