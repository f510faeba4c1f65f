/**
 * TOTP codes for tests, computed from a wizard's secret (RFC 6238 via speakeasy).
 */
import speakeasy from 'speakeasy';

export function totp(secret: string, time = Date.now() / 1000): string {
  return speakeasy.totp({ secret, encoding: 'base32', time });
}

/** A 6-digit code that matches none of the accepted steps (now, ±30 s, with margin). */
export function wrongCode(secret: string): string {
  const now = Date.now() / 1000;
  const taken = new Set([-60, -30, 0, 30, 60].map((d) => totp(secret, now + d)));
  let n = (Number(totp(secret)) + 500000) % 1000000;
  while (taken.has(String(n).padStart(6, '0'))) n = (n + 1) % 1000000;
  return String(n).padStart(6, '0');
}
