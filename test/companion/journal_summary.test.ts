/**
 * The journal's record of a result (server/control/journal.ts): small results kept (masked),
 * larger ones summarized. A large result is recognised by a lower bound of its JSON length
 * before anything is copied; these checks pin that the bound never overshoots, so the choice
 * between "kept" and "summarized" is exactly the one JSON.stringify of the masked copy makes.
 */
import { jsonLengthAtLeast, maskSecrets, summarizeResult } from '../../server/control/journal';

/** A small deterministic generator (no Math.random: a failure must replay). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = ['id', 'name', 'password', 'api_key', 'display_name', 'x', 'line_ids', 'é', 'new_password', 'state'];
const STRINGS = ['', 'a', 'Mitchell Admin', 'quote " and \\ backslash', 'line\nbreak', 'ünïcödé ✓', '\u0001control'];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.45) {
    const pick = Math.floor(next() * 12);
    switch (pick) {
      case 0: return null;
      case 1: return undefined;
      case 2: return true;
      case 3: return false;
      case 4: return Math.floor(next() * 100000) - 500;
      case 5: return next() * 1e6;
      case 6: return NaN;
      case 7: return Buffer.from('abc');
      case 8: return new Date(Date.UTC(2024, 0, 1));
      case 9: return () => 1;
      default: return STRINGS[Math.floor(next() * STRINGS.length)].repeat(1 + Math.floor(next() * 40));
    }
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 12) }, () => randomValue(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 8); i > 0; i--) out[KEYS[Math.floor(next() * KEYS.length)] + (next() < 0.3 ? String(i) : '')] = randomValue(next, depth + 1);
  return out;
}

/** What summarizeResult decided before the lower bound existed: the masked copy, written out. */
function reference(result: unknown): { result?: unknown; result_summary?: string } {
  const masked = maskSecrets(result);
  const text = JSON.stringify(masked);
  if (text !== undefined && text.length <= 2000) return { result: masked === undefined ? null : masked };
  if (Array.isArray(result)) return { result_summary: `list of ${result.length}` };
  if (typeof result === 'string') return { result_summary: `str of ${result.length} characters` };
  if (result && typeof result === 'object') return { result_summary: `dict of ${Object.keys(result).length} keys` };
  return { result_summary: typeof result };
}

describe('journal result summary', () => {
  it('the lower bound never exceeds the length of the masked JSON text', () => {
    const next = rng(13);
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(next, 0);
      const text = JSON.stringify(maskSecrets(value)) ?? '';
      // with a limit above the text the walk is complete: the bound is checked in full
      expect([i, jsonLengthAtLeast(value, Infinity) <= text.length]).toEqual([i, true]);
    }
  });

  it('keeps or summarizes exactly as writing out the masked copy would, around the 2,000-character limit', () => {
    const next = rng(17);
    let kept = 0;
    let summarized = 0;
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(next, 0);
      const got = summarizeResult(value);
      expect([i, got]).toEqual([i, reference(value)]);
      if ('result' in got) kept++;
      else summarized++;
    }
    // both outcomes are exercised
    expect(kept).toBeGreaterThan(100);
    expect(summarized).toBeGreaterThan(100);
    // right at the limit: a string result of 1998 characters is 2000 with its quotes
    expect(summarizeResult('x'.repeat(1998))).toEqual({ result: 'x'.repeat(1998) });
    expect(summarizeResult('x'.repeat(1999))).toEqual({ result_summary: 'str of 1999 characters' });
    expect(summarizeResult([{ password: 's'.repeat(5000) }])).toEqual({ result: [{ password: '********' }] });
    expect(summarizeResult(Array.from({ length: 500 }, (_, id) => ({ id, name: `Partner ${id}` })))).toEqual({ result_summary: 'list of 500' });
  });
});
