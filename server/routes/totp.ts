/**
 * auth_totp's web side: the second login step for users with two-factor authentication.
 * After a correct password such a user is only "pre-logged" (session pre_uid); JSON
 * authentication answers {"uid": null} and /web/login sends the browser to /web/login/totp.
 */
import { loginHooks } from './web';

/** Registered once: users with a TOTP secret need the second step. */
let registered = false;
export function registerTotpLoginHook(): void {
  if (registered) return;
  registered = true;
  loginHooks.push((ctx, db, uid) => {
    const user = db.env(1).model('res.users').browse([uid]);
    if (!user._mfaType()) return 'done';
    ctx.session.logout(false);
    ctx.session.set('db', db.name);
    ctx.session.set('pre_uid', uid);
    return 'pending';
  });
}
