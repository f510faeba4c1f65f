/**
 * The trusted-device name of auth_totp ("<Browser> on <Platform>", e.g. "Chrome on Linux"):
 * the User-Agent parsed the way Odoo 17's vendored werkzeug UserAgentParser does
 * (odoo/tools/_vendor/useragents.py) — the first matching regex of an ordered list wins, then
 * Python's str.capitalize() of the name. An unrecognised part is "Unknown" (Odoo would fail).
 */

/** (regex, name), in werkzeug's order: bots first, "chrome" before "safari", "edge" before both. */
const BROWSERS: Array<[string, string]> = [
  ['googlebot', 'googlebot'],
  ['msnbot', 'msnbot'],
  ['yahoo', 'yahoo'],
  ['ask jeeves', 'ask'],
  ['aol|america\\s+online\\s+browser', 'aol'],
  ['yandex', 'yandex'],
  ['edge', 'edge'],
  ['msie|trident', 'msie'],
  ['firefox|firebird|phoenix|iceweasel', 'firefox'],
  ['galeon', 'galeon'],
  ['chrome|crios', 'chrome'],
  ['safari', 'safari'],
  ['seamonkey', 'seamonkey'],
  ['webkit', 'webkit'],
  ['opera', 'opera'],
  ['konqueror', 'konqueror'],
  ['k-meleon', 'kmeleon'],
  ['netscape', 'netscape'],
  ['camino', 'camino'],
  ['links', 'links'],
  ['lynx', 'lynx'],
  ['w3m', 'w3m'],
];

const PLATFORMS: Array<[string, string]> = [
  [' cros ', 'chromeos'],
  ['iphone|ios', 'iphone'],
  ['ipad', 'ipad'],
  ['darwin|mac|os\\s*x', 'macos'],
  ['win', 'windows'],
  ['android', 'android'],
  ['netbsd', 'netbsd'],
  ['openbsd', 'openbsd'],
  ['freebsd', 'freebsd'],
  ['dragonfly', 'dragonflybsd'],
  ['(sun|i86)os', 'solaris'],
  ['x11|lin(\\b|ux)?', 'linux'],
  ['nintendo\\s+wii', 'wii'],
  ['irix', 'irix'],
  ['hp-?ux', 'hpux'],
  ['aix', 'aix'],
  ['sco|unix_sv', 'sco'],
  ['bsd', 'bsd'],
  ['amiga', 'amiga'],
  ['blackberry|playbook', 'blackberry'],
  ['symbian', 'symbian'],
];

const browserRes = BROWSERS.map(([re, name]) => [new RegExp(`(?:${re})[/\\sa-z(]*(\\d+[.\\da-z]+)?`, 'i'), name] as const);
const platformRes = PLATFORMS.map(([re, name]) => [new RegExp(re, 'i'), name] as const);

/** Python's str.capitalize(): first character upper case, the rest lower case. */
function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
}

export function parseUserAgent(ua: string): { browser: string | null; platform: string | null } {
  const platform = platformRes.find(([re]) => re.test(ua))?.[1] ?? null;
  const browser = browserRes.find(([re]) => re.test(ua))?.[1] ?? null;
  return { browser, platform };
}

/** "<Browser> on <Platform>", the name of a device remembered by /web/login/totp. */
export function trustedDeviceName(ua: string): string {
  const { browser, platform } = parseUserAgent(ua);
  return `${capitalize(browser ?? 'unknown')} on ${capitalize(platform ?? 'unknown')}`;
}
