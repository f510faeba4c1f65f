import { execFileSync } from 'child_process';
import { PyFloat } from '../../models/orm/values';
import { PyTuple, pyRepr, pyStr, pyStrRepr } from '../../models/tools/pyrepr';

describe('PyTuple', () => {
  it('builds tuples with of/fromArray/new, never as an empty array of length N', () => {
    const one = new PyTuple(3);
    expect(one).toHaveLength(1);
    expect(one[0]).toBe(3);
    expect(PyTuple.of(3)).toEqual([3]);
    expect(PyTuple.of()).toHaveLength(0);
    expect(PyTuple.of('a', 'b', 1)).toEqual(['a', 'b', 1]);
    expect(PyTuple.fromArray([1, 2])).toEqual([1, 2]);
    expect(PyTuple.fromArray({ length: 2, 0: 'x', 1: 'y' })).toEqual(['x', 'y']);
    expect(PyTuple.fromArray(new Set([5, 6]))).toEqual([5, 6]);
    expect(PyTuple.from([1, 2])).toBeInstanceOf(PyTuple);
    expect(PyTuple.of(1) instanceof PyTuple).toBe(true);
    expect(new PyTuple(1, 2) instanceof PyTuple).toBe(true);
  });

  it('is an array, and derived arrays are plain lists', () => {
    const t = PyTuple.of(1, 2, 3);
    expect(Array.isArray(t)).toBe(true);
    const mapped = t.map((x) => x * 2);
    expect(mapped).toEqual([2, 4, 6]);
    expect(mapped).not.toBeInstanceOf(PyTuple);
    expect(t.filter(() => false)).toEqual([]);
    expect(t.slice(1)).toEqual([2, 3]);
    expect(JSON.stringify(PyTuple.of(1, 'a'))).toBe('[1,"a"]');
  });
});

describe('pyRepr', () => {
  it('prints the examples Odoo messages rely on', () => {
    expect(pyRepr(PyTuple.of('name', 'foo', 1))).toBe("('name', 'foo', 1)");
    expect(pyRepr(['|', ['name', '=', 1]])).toBe("['|', ['name', '=', 1]]");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr(false)).toBe('False');
  });

  it('prints scalars', () => {
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr(undefined)).toBe('None');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(5)).toBe('5');
    expect(pyRepr(-3)).toBe('-3');
    expect(pyRepr(-0)).toBe('0');
    expect(pyRepr(1e21)).toBe('1000000000000000000000');
    expect(pyRepr(0.5)).toBe('0.5');
    expect(pyRepr(new PyFloat(3))).toBe('3.0');
    expect(pyRepr(new PyFloat(1e16))).toBe('1e+16');
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr(NaN)).toBe('nan');
    expect(pyRepr(-Infinity)).toBe('-inf');
    expect(pyRepr(new PyFloat(Infinity))).toBe('inf');
    expect(pyRepr(12n)).toBe('12');
  });

  it('quotes and escapes strings like CPython', () => {
    expect(pyRepr('abc')).toBe("'abc'");
    expect(pyRepr('')).toBe("''");
    expect(pyRepr('say "hi"')).toBe('\'say "hi"\'');
    expect(pyRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(pyRepr('a\\b')).toBe("'a\\\\b'");
    expect(pyRepr('l1\nl2\tx\ry')).toBe("'l1\\nl2\\tx\\ry'");
    expect(pyRepr('\x00\x1b\x7f')).toBe("'\\x00\\x1b\\x7f'");
    expect(pyRepr('é中😀')).toBe("'é中😀'");
    expect(pyRepr('\xa0\u200b\u{e0001}')).toBe("'\\xa0\\u200b\\U000e0001'");
    expect(pyRepr('\ud800')).toBe("'\\ud800'");
    expect(pyStrRepr("'")).toBe('"\'"');
  });

  it('prints containers', () => {
    expect(pyRepr([])).toBe('[]');
    expect(pyRepr(PyTuple.of())).toBe('()');
    expect(pyRepr(PyTuple.of(1))).toBe('(1,)');
    expect(pyRepr([PyTuple.of('a', [1, PyTuple.of(null)])])).toBe("[('a', [1, (None,)])]");
    expect(pyRepr({})).toBe('{}');
    expect(pyRepr({ a: 1, 'b c': [true] })).toBe("{'a': 1, 'b c': [True]}");
    expect(pyRepr(Object.assign(Object.create(null), { k: 'v' }))).toBe("{'k': 'v'}");
    expect(pyRepr(new Map<unknown, unknown>([[1, 'x'], ['y', PyTuple.of(2)]]))).toBe("{1: 'x', 'y': (2,)}");
    expect(pyRepr(new Set([1, 'a']))).toBe("{1, 'a'}");
    expect(pyRepr(new Set())).toBe('set()');
  });

  it('prints recursive containers without looping', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(pyRepr(a)).toBe('[1, [...]]');
    const d: Record<string, unknown> = {};
    d.self = d;
    expect(pyRepr(d)).toBe("{'self': {...}}");
    const shared = [1];
    expect(pyRepr([shared, shared])).toBe('[[1], [1]]'); // repeated, not recursive
  });

  it('uses __repr__ when an object has one, and a placeholder otherwise', () => {
    const record = { __repr__: () => 'res.partner(1,)' };
    expect(pyRepr([record])).toBe('[res.partner(1,)]');
    class Thing {}
    expect(pyRepr(new Thing())).toBe('<Thing object>');
    expect(pyRepr(function named() { return 1; })).toBe('<function named>');
  });

  it('pyStr is str(): strings bare, __str__ honoured, else repr', () => {
    expect(pyStr('x')).toBe('x');
    expect(pyStr(null)).toBe('None');
    expect(pyStr(new PyFloat(2))).toBe('2.0');
    expect(pyStr(['x'])).toBe("['x']");
    expect(pyStr({ __str__: () => 'S' })).toBe('S');
  });

  it('matches CPython repr() on the same values', () => {
    // [Python source of the value, the equivalent JS value]
    const cases: Array<[string, unknown]> = [
      ["'plain'", 'plain'],
      ['"it\'s"', "it's"],
      ['\'say "hi"\'', 'say "hi"'],
      ['\'both \\\' and "\'', 'both \' and "'],
      ["'new\\nline\\ttab\\rcr'", 'new\nline\ttab\rcr'],
      ["'back\\\\slash'", 'back\\slash'],
      ["'\\x00\\x07\\x1b\\x7f\\x85'", '\x00\x07\x1b\x7f\x85'],
      ["'é ü 中文 😀 ñ'", 'é ü 中文 😀 ñ'],
      ["'\\u200b\\xa0\\u2028\\ufeff'", '\u200b\xa0\u2028\ufeff'],
      ["'\\ud800'", '\ud800'],
      ["''", ''],
      ["[1, [2, (3,)], {'a': (1, 'b')}, (), None, True, False]",
        [1, [2, PyTuple.of(3)], { a: PyTuple.of(1, 'b') }, PyTuple.of(), null, true, false]],
      ["('name', 'foo', 1)", PyTuple.of('name', 'foo', 1)],
      ["{'x': [1.25, 'y'], \"k'\": None}", { x: [1.25, 'y'], "k'": null }],
      ['0.1', 0.1],
      ['1e16', new PyFloat(1e16)],
      ['1e-05', 1e-5],
      ['3.0', new PyFloat(3)],
      ['-0.0', new PyFloat(-0)],
      ['1.5', 1.5],
      ['123456789.123', 123456789.123],
      ['1e22', new PyFloat(1e22)],
      ['-2.5e-10', -2.5e-10],
      ['0.0001', 0.0001],
      ['1/3', 1 / 3],
      ["float('inf')", Infinity],
      ["float('nan')", NaN],
      ['2**53', 2 ** 53],
      ['10**20', 1e20],
      ['-3', -3],
      ['{1, 2}', new Set([1, 2])],
      ['set()', new Set()],
    ];
    const script = 'import json, sys\nprint(json.dumps([repr(eval(s)) for s in json.load(sys.stdin)]))';
    const output = execFileSync('python3', ['-c', script], { input: JSON.stringify(cases.map(([src]) => src)) });
    const expected = JSON.parse(output.toString()) as string[];
    expect(expected).toHaveLength(cases.length);
    expect(cases.map(([, value]) => pyRepr(value))).toEqual(expected);
  });
});
