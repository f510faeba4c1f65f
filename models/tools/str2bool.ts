/**
 * odoo.tools.str2bool as Odoo applies it to configuration parameters and query flags: 'y',
 * 'yes', '1', 'true', 't', 'on' in any case are true; anything else (other words, non-strings)
 * is false, the default the emulator uses where Odoo would raise for an unknown word.
 */
const TRUE_WORDS = new Set(['y', 'yes', '1', 'true', 't', 'on']);

export function str2bool(value: unknown): boolean {
  return typeof value === 'string' && TRUE_WORDS.has(value.toLowerCase());
}
