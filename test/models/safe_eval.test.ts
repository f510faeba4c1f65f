import { execFileSync } from 'child_process';
import { PyNameError, PyValueError } from '../../models/orm/exceptions';
import { PyFloat } from '../../models/orm/values';
import { PyTuple, pyRepr } from '../../models/tools/pyrepr';
import {
  SAFE_EVAL_LIMITS, SafeEvalError, evalPyNode, makeCommand, parsePyExpr, pyTruthy, safeEval,
} from '../../models/tools/safe_eval';

/** A stand-in for an ORM recordset: attributes come from __getattr__, iteration yields single records. */
class FakeRecords {
  constructor(readonly _name: string, readonly ids: number[], private readonly fields: Record<string, unknown> = {}) {}
  __getattr__(name: string): unknown {
    if (name === 'id') return this.ids.length ? this.ids[0] : false;
    if (name === 'ids') return [...this.ids];
    if (name === 'has_group') return (group: string) => group === 'base.group_user';
    if (name in this.fields) return this.fields[name];
    throw new Error(`no field ${name}`);
  }
  __iter__(): FakeRecords[] {
    return this.ids.map((id) => new FakeRecords(this._name, [id]));
  }
  __bool__(): boolean {
    return this.ids.length > 0;
  }
  __len__(): number {
    return this.ids.length;
  }
}

const partner = new FakeRecords('res.partner', [7]);
const user = new FakeRecords('res.users', [2], {
  commercial_partner_id: partner,
  company_ids: new FakeRecords('res.company', [1, 3]),
  child_ids: new FakeRecords('res.users', [5, 6]),
  name: 'Mitchell Admin',
  _private_field: 'records decide about _names',
});
const XMLIDS: Record<string, number> = { 'base.group_user': 1, 'base.group_portal': 10 };
const ref = (xmlid: string) => XMLIDS[xmlid];
const time = { strftime: (fmt: string) => fmt.replace('%Y', '2024').replace('%m', '05') };
const ctx = () => ({ user, ref, time, Command: makeCommand(), company_ids: [1, 3], uid: 2 });

const T = (...items: unknown[]) => PyTuple.of(...items);
const ev = (expr: string, context: Record<string, unknown> = {}) => safeEval(expr, context);

/** Run and return the thrown error (fails the test if nothing is thrown). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

function expectSafeError(expr: string, message: string, kind?: string, context: Record<string, unknown> = {}): void {
  const err = errorOf(() => safeEval(expr, context));
  expect(err).toBeInstanceOf(SafeEvalError);
  expect(err.message).toBe(message);
  if (kind) expect((err as SafeEvalError).pyKind).toBe(kind);
}

describe('literals', () => {
  it('numbers', () => {
    expect(ev('42')).toBe(42);
    expect(ev('-3')).toBe(-3);
    expect(ev('0x1F')).toBe(31);
    expect(ev('0o17')).toBe(15);
    expect(ev('0b101')).toBe(5);
    expect(ev('1_000_000')).toBe(1000000);
    expect(ev('1.5')).toBe(1.5);
    expect(ev('.5')).toBe(0.5);
    expect(ev('1.')).toBe(1);
    expect(ev('1e3')).toBe(1000);
    expect(ev('2.5e-3')).toBe(0.0025);
    expect(ev('0')).toBe(0);
    expect(ev('00')).toBe(0);
  });

  it('strings: quotes, escapes, raw, triple quotes, implicit concatenation', () => {
    expect(ev("'a'")).toBe('a');
    expect(ev('"b"')).toBe('b');
    expect(ev("'it\\'s'")).toBe("it's");
    expect(ev('"say \\"hi\\""')).toBe('say "hi"');
    expect(ev("'\\n\\t\\r\\\\\\x41\\u00e9\\U0001F600\\101\\0'")).toBe('\n\t\r\\Aé😀A\0');
    expect(ev("'\\d'")).toBe('\\d'); // unknown escapes are kept
    expect(ev("r'\\d+\\n'")).toBe('\\d+\\n');
    expect(ev("R'\\''")).toBe("\\'");
    expect(ev("u'x'")).toBe('x');
    expect(ev("'''one\ntwo's'''")).toBe("one\ntwo's");
    expect(ev('"""a""" \'b\' "c"')).toBe('abc');
    expect(ev("('a'\n 'b')")).toBe('ab');
    expect(ev("'a\\\nb'")).toBe('ab');
    expect(ev("'é中😀'")).toBe('é中😀');
  });

  it('True, False, None', () => {
    expect(ev('True')).toBe(true);
    expect(ev('False')).toBe(false);
    expect(ev('None')).toBe(null);
  });

  it('lists, tuples, dicts and sets', () => {
    expect(ev('[]')).toEqual([]);
    expect(ev('[1, "a", None,]')).toEqual([1, 'a', null]);
    expect(ev('[1]')).not.toBeInstanceOf(PyTuple);

    const empty = ev('()');
    expect(empty).toBeInstanceOf(PyTuple);
    expect(empty).toEqual([]);
    const single = ev('(1,)');
    expect(single).toBeInstanceOf(PyTuple);
    expect(single).toEqual([1]);
    expect(ev('(1)')).toBe(1);
    const pair = ev("('a', 2)") as unknown[];
    expect(pair).toBeInstanceOf(PyTuple);
    expect(pair).toEqual(['a', 2]);
    const bare = ev('1, 2,');
    expect(bare).toBeInstanceOf(PyTuple);
    expect(bare).toEqual([1, 2]);
    const nested = ev("[('name', '=', 'x'), ['a']]") as unknown[];
    expect(nested[0]).toBeInstanceOf(PyTuple);
    expect(nested[1]).not.toBeInstanceOf(PyTuple);

    expect(ev('{}')).toEqual({});
    expect(ev("{'a': 1, 'b': [2], }")).toEqual({ a: 1, b: [2] });
    expect(ev("{1: 'x', None: 'n', 'k': {'n': 2}}")).toEqual({ 1: 'x', None: 'n', k: { n: 2 } });
    expect(Object.getPrototypeOf(ev("{'a': 1}"))).toBe(Object.prototype);

    expect(ev('{1, 2, 1, True, 3}')).toEqual([1, 2, 3]);
    expect(pyRepr(ev("[(1, 'a'), {'k': (2,)}]"))).toBe("[(1, 'a'), {'k': (2,)}]");
  });

  it("a '__proto__' dict key is an own property, not the prototype", () => {
    const d = ev("{'__proto__': {'polluted': 1}, 'constructor': 2}") as Record<string, unknown>;
    expect(Object.keys(d)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(ev("{'__proto__': 1}['__proto__']")).toBe(1);
    expect(ev("dict([('__proto__', 5)])")).toEqual(JSON.parse('{"__proto__": 5}'));
  });
});

describe('comprehensions and generator expressions', () => {
  it('list comprehensions with conditions, nested loops and unpacking', () => {
    expect(ev('[x * 2 for x in [1, 2, 3] if x != 2]')).toEqual([2, 6]);
    expect(ev('[(x, y) for x in [1, 2] for y in "ab"]')).toEqual([T(1, 'a'), T(1, 'b'), T(2, 'a'), T(2, 'b')]);
    expect(ev('[x + y for x in [10, 20] if x > 10 for y in [1, 2]]')).toEqual([21, 22]);
    expect(ev("[k for k, v in {'a': 1, 'b': 0, 'c': 2}.items() if v]")).toEqual(['a', 'c']);
    expect(ev('[a + b + c for (a, (b, c)) in [(1, (2, 3))]]')).toEqual([6]);
    expect(ev('[[y for y in range(x)] for x in range(3)]')).toEqual([[], [0], [0, 1]]);
  });

  it('generator expressions as call arguments, and in parentheses', () => {
    expect(ev('any(x > 2 for x in [1, 3])')).toBe(true);
    expect(ev('all(x > 2 for x in [1, 3])')).toBe(false);
    expect(ev('sum(x for x in range(5))')).toBe(10);
    expect(ev('(x for x in "ab")')).toEqual(['a', 'b']);
  });

  it('dict and set comprehensions', () => {
    expect(ev("{k: v * 2 for k, v in [('a', 1), ('b', 2)]}")).toEqual({ a: 2, b: 4 });
    expect(ev('{x % 3 for x in range(7)}')).toEqual([0, 1, 2]);
  });

  it('loop variables do not leak and may shadow context names', () => {
    expect(ev('([x for x in [1, 2]], x)', { x: 'outer' })).toEqual([[1, 2], 'outer']);
    expect(ev('[x for x in x]', { x: [4, 5] })).toEqual([4, 5]);
  });

  it('unpacking errors are ValueErrors with Python messages', () => {
    expectSafeError('[a for a, b in [(1,)]]', 'not enough values to unpack (expected 2, got 1)', 'ValueError');
    expectSafeError('[a for a, b in [(1, 2, 3)]]', 'too many values to unpack (expected 2)', 'ValueError');
  });
});

describe('operators', () => {
  it('follow Python precedence', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('2 ** 3 ** 2')).toBe(512);
    expect(ev('-2 ** 2')).toBe(-4);
    expect(ev('2 ** -1')).toBe(0.5);
    expect(ev('1 | 2 ^ 3 & 1')).toBe(3);
    expect(ev('1 + 1 << 2')).toBe(8);
    expect(ev('not 1 == 2')).toBe(true);
    expect(ev('not 1 + 1 == 2 or 5')).toBe(5);
    expect(ev('1 if 0 else 2 if 0 else 3')).toBe(3);
    expect(ev('True and 0 or 5')).toBe(5);
    expect(ev('- - 3')).toBe(3);
    expect(ev('~5')).toBe(-6);
    expect(ev('+True')).toBe(1);
  });

  it('arithmetic like Python', () => {
    expect(ev('7 / 2')).toBe(3.5);
    expect(ev('7 // 2')).toBe(3);
    expect(ev('-7 // 2')).toBe(-4);
    expect(ev('-7 % 3')).toBe(2);
    expect(ev('7 % -3')).toBe(-2);
    expect(ev('1 << 40')).toBe(2 ** 40);
    expect(ev('6 & 3')).toBe(2);
    expect(ev('True | False')).toBe(true);
    expect(ev('True + True')).toBe(2);
    const f = ev('x * 2', { x: new PyFloat(1.5) });
    expect(f).toBeInstanceOf(PyFloat);
    expect((f as PyFloat).value).toBe(3);
  });

  it('and/or return the deciding operand and short-circuit', () => {
    expect(ev("[] or 'x'")).toBe('x');
    expect(ev("'a' and 'b'")).toBe('b');
    expect(ev("'' and 1/0")).toBe('');
    expect(ev('1 or 1/0')).toBe(1);
    expect(ev('{} or None')).toBe(null);
    expect(ev('0 or () or [0]')).toEqual([0]);
  });

  it('comparisons chain and short-circuit', () => {
    expect(ev('1 < 2 < 3')).toBe(true);
    expect(ev('1 < 3 < 2')).toBe(false);
    expect(ev('3 > 2 == 2 >= 1')).toBe(true);
    expect(ev('1 > 2 < 1/0')).toBe(false);
    expect(ev("'abc' < 'abd'")).toBe(true);
    expect(ev('(1, 2) < (1, 3)')).toBe(true);
    expect(ev('[1, 2] <= [1]')).toBe(false);
    expect(ev('1 <= 1.0')).toBe(true);
  });

  it('== is deep and typed like Python', () => {
    expect(ev('[1, (2, 3)] == [1, (2, 3)]')).toBe(true);
    expect(ev('[1] == (1,)')).toBe(false);
    expect(ev("{'a': [1]} == {'a': [1]}")).toBe(true);
    expect(ev("{'a': 1} != {'a': 2}")).toBe(true);
    expect(ev('1 == 1.0 == True')).toBe(true);
    expect(ev("1 == '1'")).toBe(false);
    expect(ev('None == False')).toBe(false);
  });

  it('in / not in on lists, strings and dicts; is / is not', () => {
    expect(ev("'a' in 'cat'")).toBe(true);
    expect(ev('2 in [1, 2]')).toBe(true);
    expect(ev("'k' in {'k': 1}")).toBe(true);
    expect(ev("'v' in {'k': 'v'}")).toBe(false);
    expect(ev('(1, 2) in [(1, 2)]')).toBe(true);
    expect(ev('[1, 2] in [(1, 2)]')).toBe(false);
    expect(ev('3 not in (1, 2)')).toBe(true);
    expect(ev('None is None')).toBe(true);
    expect(ev('x is not None', { x: 0 })).toBe(true);
    expect(ev('x is False', { x: false })).toBe(true);
  });

  it('+ concatenates, * repeats', () => {
    expect(ev("'ab' + 'cd'")).toBe('abcd');
    expect(ev('[1] + [2, 3]')).toEqual([1, 2, 3]);
    const t = ev('(1,) + (2,)');
    expect(t).toBeInstanceOf(PyTuple);
    expect(t).toEqual([1, 2]);
    expect(ev("'ab' * 3")).toBe('ababab');
    expect(ev('[0] * 3')).toEqual([0, 0, 0]);
    expect(ev('2 * (1, 2)')).toEqual(T(1, 2, 1, 2));
    expect(ev("'x' * -1")).toBe('');
  });

  it('% formats strings', () => {
    expect(ev("'%s-%s' % ('a', 1)")).toBe('a-1');
    expect(ev("'%s' % 'solo'")).toBe('solo');
    expect(ev("'%s' % [1, 2]")).toBe('[1, 2]');
    expect(ev("'%s' % None")).toBe('None');
    expect(ev("'%d' % 3.7")).toBe('3');
    expect(ev("'%r' % 'x'")).toBe("'x'");
    expect(ev("'%(a)s!' % {'a': 5}")).toBe('5!');
    expect(ev("'100%%'  % ()")).toBe('100%');
    expect(ev("'%.2f' % 2.675")).toBe('2.67');
    expect(ev("'%5.1f|%-5d|%05d|%x|%#x|%e|%g|%g|%g' % (3.14159, 42, -42, 255, 255, 1.5, 0.0001, 1e-5, 123456789)"))
      .toBe('  3.1|42   |-0042|ff|0xff|1.500000e+00|0.0001|1e-05|1.23457e+08');
    expectSafeError("'%s %s' % ('a',)", 'not enough arguments for format string', 'TypeError');
    expectSafeError("'%s' % (1, 2)", 'not all arguments converted during string formatting', 'TypeError');
    expectSafeError("'%d' % 'a'", '%d format: a real number is required, not str', 'TypeError');
    expectSafeError("'%z' % 1", "unsupported format character 'z' (0x7a) at index 1", 'ValueError');
  });

  it('type and arithmetic errors carry Python messages', () => {
    expectSafeError("1 + 'a'", "unsupported operand type(s) for +: 'int' and 'str'", 'TypeError');
    expectSafeError("'a' + 1", 'can only concatenate str (not "int") to str', 'TypeError');
    expectSafeError('[1] + (1,)', 'can only concatenate list (not "tuple") to list', 'TypeError');
    expectSafeError("1 < 'a'", "'<' not supported between instances of 'int' and 'str'", 'TypeError');
    expectSafeError('None < 1', "'<' not supported between instances of 'NoneType' and 'int'", 'TypeError');
    expectSafeError('1 / 0', 'division by zero', 'ZeroDivisionError');
    expectSafeError('1 // 0', 'integer division or modulo by zero', 'ZeroDivisionError');
    expectSafeError('1 % 0', 'integer modulo by zero', 'ZeroDivisionError');
    expectSafeError('0 ** -1', '0.0 cannot be raised to a negative power', 'ZeroDivisionError');
    expectSafeError("'a' * 'b'", "can't multiply sequence by non-int of type 'str'", 'TypeError');
    expectSafeError('1.5 & 1', "unsupported operand type(s) for &: 'float' and 'int'", 'TypeError');
    expectSafeError("1 in 'abc'", "'in <string>' requires string as left operand, not int", 'TypeError');
    expectSafeError('1 in 5', "argument of type 'int' is not iterable", 'TypeError');
  });
});

describe('subscripts, slices and attributes', () => {
  const data = { a: [10, 20, 30, 40], t: T(1, 2, 3), d: { k: 'v', n: null }, s: 'hello' };

  it('index and slice lists, tuples and strings', () => {
    expect(ev('a[0]', data)).toBe(10);
    expect(ev('a[-1]', data)).toBe(40);
    expect(ev('a[1:3]', data)).toEqual([20, 30]);
    expect(ev('a[:-1]', data)).toEqual([10, 20, 30]);
    expect(ev('a[::2]', data)).toEqual([10, 30]);
    expect(ev('a[::-1]', data)).toEqual([40, 30, 20, 10]);
    expect(ev('a[-2::-2]', data)).toEqual([30, 10]);
    expect(ev('a[10:]', data)).toEqual([]);
    const ts = ev('t[1:]', data);
    expect(ts).toBeInstanceOf(PyTuple);
    expect(ts).toEqual([2, 3]);
    expect(ev('s[1:4]', data)).toBe('ell');
    expect(ev('s[-1]', data)).toBe('o');
    expect(ev("d['k']", data)).toBe('v');
    expect(ev("d['n']", data)).toBe(null);
    expect(ev("{'a': {'b': [1, 2]}}['a']['b'][1]")).toBe(2);
  });

  it('index errors', () => {
    expectSafeError('a[4]', 'list index out of range', 'IndexError', data);
    expectSafeError('t[-4]', 'tuple index out of range', 'IndexError', data);
    expectSafeError("d['missing']", "'missing'", 'KeyError', data);
    expectSafeError("a['x']", 'list indices must be integers or slices, not str', 'TypeError', data);
    expectSafeError('a[::0]', 'slice step cannot be zero', 'ValueError', data);
    expectSafeError('5[0]', "'int' object is not subscriptable", 'TypeError');
  });

  it('attributes of records come from __getattr__', () => {
    expect(ev('user.commercial_partner_id.id', ctx())).toBe(7);
    expect(ev('user.company_ids.ids', ctx())).toEqual([1, 3]);
    expect(ev('user.name', ctx())).toBe('Mitchell Admin');
    expect(ev('user._private_field', ctx())).toBe('records decide about _names');
    expect(ev("user.has_group('base.group_user')", ctx())).toBe(true);
    expect(ev('len(user.company_ids)', ctx())).toBe(2);
    expect(ev("'yes' if user.child_ids else 'no'", ctx())).toBe('yes');
  });

  it('own properties of plain context objects, never inherited ones', () => {
    const ns = { value: 3, nested: { deep: 'x' } };
    expect(ev('ns.value + 1', { ns })).toBe(4);
    expect(ev('ns.nested.deep', { ns })).toBe('x');
    expectSafeError('ns.missing', "'dict' object has no attribute 'missing'", 'AttributeError', { ns });
    expectSafeError('ns.toString', "'dict' object has no attribute 'toString'", 'AttributeError', { ns });
    expectSafeError('ns.hasOwnProperty', "'dict' object has no attribute 'hasOwnProperty'", 'AttributeError', { ns });
    expectSafeError('ns._hidden', "Access to forbidden name '_hidden'", 'NameError', { ns: { _hidden: 1 } });
  });

  it('dicts built by the expression expose methods, not keys', () => {
    expectSafeError("{'a': 1}.a", "'dict' object has no attribute 'a'", 'AttributeError');
  });
});

describe('calls and builtins', () => {
  it('passes positional args, *args, and keyword args as a trailing object', () => {
    const calls: unknown[][] = [];
    const f = (...args: unknown[]) => { calls.push(args); return args.length; };
    expect(ev('f(1, "a")', { f })).toBe(2);
    expect(ev('f(1, b=2, c=[3])', { f })).toBe(2);
    expect(ev('f(*[1, 2], *(3,))', { f })).toBe(3);
    expect(ev("f(**{'k': 1}, z=0)", { f })).toBe(1);
    expect(calls).toEqual([[1, 'a'], [1, { b: 2, c: [3] }], [1, 2, 3], [{ k: 1, z: 0 }]]);
  });

  it('calls methods of context namespaces with that namespace as `this`', () => {
    const counter = { n: 5, get(this: { n: number }) { return this.n; } };
    expect(ev('counter.get()', { counter })).toBe(5);
  });

  it('builtins', () => {
    expect(ev("len('héllo')")).toBe(5);
    expect(ev('len([1, 2])')).toBe(2);
    expect(ev("len({'a': 1})")).toBe(1);
    expect(ev('str(1) + str(None) + str(True) + str(1.5) + str([1])')).toBe('1NoneTrue1.5[1]');
    expect(ev("int('42') + int(' -7 ') + int(3.9) + int(-3.9) + int(True) + int('ff', 16)")).toBe(42 - 7 + 3 - 3 + 1 + 255);
    expect(ev("float('1.5') + float(2)")).toBe(3.5);
    expect(ev("float('-inf')")).toBe(-Infinity);
    expect(ev("[bool(0), bool('x'), bool([]), bool(())]")).toEqual([false, true, false, false]);
    expect(ev("list('ab')")).toEqual(['a', 'b']);
    expect(ev("list({'a': 1})")).toEqual(['a']);
    expect(ev('tuple([1, 2])')).toBeInstanceOf(PyTuple);
    expect(ev("dict([('a', 1)], b=2)")).toEqual({ a: 1, b: 2 });
    expect(ev('dict(a=1)')).toEqual({ a: 1 });
    expect(ev('set([3, 1, 3])')).toEqual([3, 1]);
    expect(ev('min(3, 1, 2)')).toBe(1);
    expect(ev('max([3, 1, 2])')).toBe(3);
    expect(ev("max(['a', 'ccc', 'bb'], key=len)")).toBe('ccc');
    expect(ev('min([], default=0)')).toBe(0);
    expect(ev('sum([1, 2, 3])')).toBe(6);
    expect(ev('sum([[1], [2]], [])')).toEqual([1, 2]);
    expect(ev('abs(-3)')).toBe(3);
    expect(ev('[round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(0.125, 2), round(1250, -2), round(1.23456, 3)]'))
      .toEqual([2, 4, -2, 2.67, 0.12, 1200, 1.235]);
    expect(ev('any([0, 1])')).toBe(true);
    expect(ev('all([])')).toBe(true);
    expect(ev('sorted([3, 1, 2])')).toEqual([1, 2, 3]);
    expect(ev("sorted(['bb', 'a', 'ccc', 'dd'], key=len)")).toEqual(['a', 'bb', 'dd', 'ccc']);
    expect(ev("sorted(['bb', 'a', 'ccc', 'dd'], key=len, reverse=True)")).toEqual(['ccc', 'bb', 'dd', 'a']);
    expect(ev('sorted([(2, "b"), (1, "z"), (2, "a")], reverse=True)')).toEqual([T(2, 'b'), T(2, 'a'), T(1, 'z')]);
    expect(ev('range(3)')).toEqual([0, 1, 2]);
    expect(ev('range(1, 10, 3)')).toEqual([1, 4, 7]);
    expect(ev('range(5, 0, -2)')).toEqual([5, 3, 1]);
    expect(ev("[isinstance(1, int), isinstance(True, int), isinstance('a', (int, str)), isinstance(1.5, float), isinstance((), list)]"))
      .toEqual([true, true, true, true, false]);
  });

  it('builtin errors', () => {
    expectSafeError('len(5)', "object of type 'int' has no len()", 'TypeError');
    expectSafeError("int('4.2')", "invalid literal for int() with base 10: '4.2'", 'ValueError');
    expectSafeError("float('x')", "could not convert string to float: 'x'", 'ValueError');
    expectSafeError('min([])', 'min() arg is an empty sequence', 'ValueError');
    expectSafeError('isinstance(1, len)', 'isinstance() arg 2 must be a builtin type or tuple of builtin types', 'TypeError');
    expectSafeError('len([], x=1)', 'len() takes no keyword arguments', 'TypeError');
    expectSafeError('5()', "'int' object is not callable", 'TypeError');
    expectSafeError("'abc'()", "'str' object is not callable", 'TypeError');
  });

  it('str methods', () => {
    expect(ev("'AbC'.lower() + 'x'.upper()")).toBe('abcX');
    expect(ev("'  x y  '.strip() + '|' + '  x '.lstrip() + '|' + ' x  '.rstrip()")).toBe('x y|x | x');
    expect(ev("'xxhixx'.strip('x')")).toBe('hi');
    expect(ev("'  a  b  c '.split()")).toEqual(['a', 'b', 'c']);
    expect(ev("'  a  b  c '.split(None, 1)")).toEqual(['a', 'b  c ']);
    expect(ev("'a,b,,c'.split(',')")).toEqual(['a', 'b', '', 'c']);
    expect(ev("'a,b,c'.split(',', 1)")).toEqual(['a', 'b,c']);
    expect(ev("', '.join(['a', 'b'])")).toBe('a, b');
    expect(ev("'-'.join(str(x) for x in range(3))")).toBe('0-1-2');
    expect(ev("'base.group_user'.startswith('base.')")).toBe(true);
    expect(ev("'file.xml'.endswith(('.csv', '.xml'))")).toBe(true);
    expect(ev("'a-b-c'.replace('-', '+')")).toBe('a+b+c');
    expect(ev("'a-b-c'.replace('-', '+', 1)")).toBe('a+b-c');
    expect(ev("'abc'.replace('', '-')")).toBe('-a-b-c-');
    expect(ev("'{} and {}'.format(1, 'x')")).toBe('1 and x');
    expect(ev("'{1}{0}{{}}'.format('a', 'b')")).toBe('ba{}');
    expectSafeError("', '.join([1])", 'sequence item 0: expected str instance, int found', 'TypeError');
    expectSafeError("'x'.split('')", 'empty separator', 'ValueError');
    expectSafeError("'{name}'.format(name=1)", 'str.format(): keyword fields are not supported', 'ValueError');
    expectSafeError("'x'.title()", "'str' object has no attribute 'title'", 'AttributeError');
  });

  it('list, tuple and dict methods', () => {
    expect(ev("['a', 'b'].index('b')")).toBe(1);
    expect(ev('(1, 2, 1).count(1)')).toBe(2);
    expect(ev("{'a': 1}.get('a')")).toBe(1);
    expect(ev("{'a': 1}.get('b')")).toBe(null);
    expect(ev("{'a': 1}.get('b', 0)")).toBe(0);
    expect(ev("{'a': 1, 'b': 2}.keys()")).toEqual(['a', 'b']);
    expect(ev("{'a': 1, 'b': 2}.values()")).toEqual([1, 2]);
    const items = ev("{'a': 1}.items()") as unknown[];
    expect(items).toEqual([T('a', 1)]);
    expect(items[0]).toBeInstanceOf(PyTuple);
    expect(ev("ctx.get('lang', 'en_US')", { ctx: { lang: 'fr_FR' } })).toBe('fr_FR');
    expectSafeError('[1].index(2)', '2 is not in list', 'ValueError');
    expectSafeError('[1].append(2)', "'list' object has no attribute 'append'", 'AttributeError');
  });
});

describe('the expressions Odoo keeps in data', () => {
  it('XML data eval attributes', () => {
    const groups = ev("[(4, ref('base.group_user'))]", ctx()) as unknown[];
    expect(groups).toEqual([T(4, 1)]);
    expect(groups[0]).toBeInstanceOf(PyTuple);
    const cmd = ev("[Command.set([ref('base.group_portal')])]", ctx()) as unknown[];
    expect(cmd).toEqual([T(6, 0, [10])]);
    expect(cmd[0]).toBeInstanceOf(PyTuple);
    expect(ev("time.strftime('%Y-%m-01')", ctx())).toBe('2024-05-01');
    expect(ev('False', ctx())).toBe(false);
    expect(ev("{'default_type': 'contact'}", ctx())).toEqual({ default_type: 'contact' });
  });

  it('record rule domains', () => {
    const context = ctx();
    expect(ev("[('id', 'child_of', user.commercial_partner_id.id)]", context)).toEqual([T('id', 'child_of', 7)]);
    expect(ev("['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]", context))
      .toEqual(['|', T('company_id', '=', false), T('company_id', 'in', [1, 3])]);
    expect(ev("[('create_uid', '=', user.id)]", context)).toEqual([T('create_uid', '=', 2)]);
    expect(ev("[(1, '=', 1)]", context)).toEqual([T(1, '=', 1)]);
    expect(ev("[('user_id', 'in', [user.id] + user.child_ids.ids)]", context)).toEqual([T('user_id', 'in', [2, 5, 6])]);
    expect(ev('[c.id for c in user.company_ids]', context)).toEqual([1, 3]);
    expect(ev('"a" if x else "b"', { x: [] })).toBe('b');
    expect(ev('"a" if x else "b"', { x: [0] })).toBe('a');
    expect(pyRepr(ev("[('company_id', 'in', company_ids)]", context))).toBe("[('company_id', 'in', [1, 3])]");
  });

  it('multi-line expressions with comments, as written in XML files', () => {
    const expr = `
      [
        '|',  # either
        ('user_id', '=', user.id),
        ('user_id', '=', False),
      ]
    `;
    expect(ev(expr, ctx())).toEqual(['|', T('user_id', '=', 2), T('user_id', '=', false)]);
  });

  it('Command helpers', () => {
    const Command = makeCommand();
    const cases: Array<[unknown, unknown[]]> = [
      [Command.create({ name: 'x' }), [0, 0, { name: 'x' }]],
      [Command.update(3, { name: 'y' }), [1, 3, { name: 'y' }]],
      [Command.delete(3), [2, 3, 0]],
      [Command.unlink(3), [3, 3, 0]],
      [Command.link(3), [4, 3, 0]],
      [Command.clear(), [5, 0, 0]],
      [Command.set([1, 2]), [6, 0, [1, 2]]],
    ];
    for (const [value, expected] of cases) {
      expect(value).toBeInstanceOf(PyTuple);
      expect(value).toEqual(expected);
    }
    expect([Command.CREATE, Command.SET]).toEqual([0, 6]);
    expect(ev("[Command.create({'name': 'n'}), Command.link(4), Command.clear()]", { Command }))
      .toEqual([T(0, 0, { name: 'n' }), T(4, 4, 0), T(5, 0, 0)]);
  });

  it('parses once and evaluates many times with different contexts', () => {
    const node = parsePyExpr("[('user_id', '=', uid)]");
    expect(Object.isFrozen(node)).toBe(true);
    expect(evalPyNode(node, { uid: 1 })).toEqual([T('user_id', '=', 1)]);
    expect(evalPyNode(node, { uid: 9 })).toEqual([T('user_id', '=', 9)]);
    expect(() => evalPyNode(node, {})).toThrow(PyNameError);
    expect(parsePyExpr('a.b')).toEqual({ type: 'Attribute', value: { type: 'Name', id: 'a' }, attr: 'b' });
  });
});

describe('agreement with CPython', () => {
  it('gives the same repr() as python3 eval() for context-free expressions', () => {
    // Results are chosen so that no float happens to be integral (JS cannot tell 2.0 from 2).
    const exprs = [
      '[x * 2 for x in range(10) if x % 3]',
      "'%5.1f|%-5d|%05d|%x|%#x|%X|%o|%e|%g|%g|%g|%+d|% d|%.3s|%c|%5s|%-5s|%r' % (3.14159, 42, -42, 255, 255, 255, 8, 1.5, 0.0001, 1e-5, 123456789, 5, 5, 'abcdef', 65, 'ab', 'ab', 'q')",
      "'%.2f %.0f %.0f %.0f %.1e %G %g %g %.3g %#g %10.4f|%-10.2e|' % (2.675, 0.5, 1.5, 2.5, 12345.678, 1e-10, 100.0, 0.0, 2.5e-5, 1.5, 3.14159, 31415.9)",
      "'%.2f %.2f %.1f %.0e %.3e %g %g %f' % (0.125, 0.375, -0.25, 2.5, 1e22, 1e16, 123456.5, 1e22)",
      "'%s|%s|%s|%d|%s' % (1.5, None, (1, 'a'), True, {'k': [1.25]})",
      "'%(a)s/%(b)r/%%' % {'a': 1, 'b': 'q'}",
      '[round(2.675, 2), round(0.125, 2), round(2.5), round(-2.5), round(1250, -2), round(1350, -2), round(0.5), round(1.5), round(-0.5), round(1.23456, 3), round(-1.0051, 3), round(2.5e-5, 5), round(0.285, 2)]',
      "'  a  b  c '.split(None, 1), 'a,b,,c'.split(','), 'a,b,c'.split(',', 1), ' x '.split(), ''.split(',')",
      "'abc'.replace('', '-', 2), 'a-b-c'.replace('-', '+', 1), 'xxhixx'.strip('x'), '  y '.lstrip(), ' y  '.rstrip()",
      "sorted([(2, 'b'), (1, 'z'), (2, 'a')], reverse=True), sorted('hello'), sorted(['bb', 'a', 'ccc', 'dd'], key=len, reverse=True)",
      "{k: v for k, v in [('a', 1), ('b', (2,))]}, {'x': 1, 'y': [None, True]}",
      '-7 // 2, -7 % 3, 7 % -3, -7.5 % 2, 2 ** -1, -2 ** 2, ~5, 1 << 40, 5 >> 1, 6 ^ 3, True | False, True & 1',
      '[1, (2, 3)] == [1, (2, 3)], [1] == (1,), 1 == 1.0 == True, (1, 2) < (1, 2, 0), [2] > [1, 9], None is None',
      "'a' in 'cat', (1, 2) in [(1, 2)], 'k' in {'k': 1}, 3 not in (1, 2), 'z' not in 'cat'",
      "'{1}{0}{{}}'.format('a', 'b'), '{} and {}'.format(1.5, [None])",
      "[] or 'x', 'a' and 'b', 0 or () or [0], 1 and 0 or None, not []",
      "int(' -7 '), int('ff', 16), int('1_000'), float('1.5'), float(' -2.25 '), str(None), str(0.1), bool('')",
      "list(range(5, 0, -2)), min(3, 1, 2), max(['a', 'ccc', 'bb'], key=len), min([], default='d'), sum([0.5, 0.25]), abs(-2.5)",
      "'x'.join('abc').upper().strip('X'), ', '.join(str(i) for i in range(3)), '-'.join([])",
      "[(a, b) for a in 'xy' for b in (1, 2) if (a, b) != ('x', 2)], [[y for y in range(x)] for x in range(3)]",
      "sum([[1], [2]], []), ('a',) * 2 + ('b',), [0] * 3, 'ab' * 2, 2 * [None]",
      "'hello'[::-2], 'hello'[1:-1], [1, 2, 3, 4][-3:3], (1, 2, 3)[::-1], 'abc'[5:], [1, 2][-5:]",
      "'file.xml'.endswith(('.csv', '.xml')), 'base.x'.startswith('base.', 1), 'ABC'.lower(), [1, 2, 1].count(1), ('a', 'b').index('b')",
      "{'a': 1}.get('b', 0), list({'a': 1, 'b': 2}.keys()), list({'a': 1}.items()), dict([('a', 1)], b=2), 1 in set([3, 1, 3])",
      'isinstance(1, int), isinstance(True, int), isinstance("a", (int, str)), isinstance(1.5, float), isinstance((), list), isinstance({}, dict)',
      "'\\n\\t' + r'\\d' + '\\x41\\u00e9' + \"it's\" + '''tri\nple''' + 'con' \"cat\"",
      "1 if 0 else 2 if '' else 3, [x for x in 'ab' if x] and 'yes'",
    ];
    const script = 'import json, sys\nprint(json.dumps([repr(eval(e)) for e in json.load(sys.stdin)]))';
    const output = execFileSync('python3', ['-c', script], { input: JSON.stringify(exprs) });
    const expected = JSON.parse(output.toString()) as string[];
    expect(expected).toHaveLength(exprs.length);
    exprs.forEach((expr, k) => expect([expr, pyRepr(safeEval(expr))]).toEqual([expr, expected[k]]));
  });
});

describe('pyTruthy', () => {
  it('follows Python truthiness', () => {
    const falsy = [null, undefined, false, 0, '', [], PyTuple.of(), {}, new Set(), new Map(), new PyFloat(0), new FakeRecords('x', [])];
    const truthy = [true, 1, -1, NaN, 'a', [0], PyTuple.of(null), { a: 0 }, new PyFloat(0.5), new FakeRecords('x', [1]), () => 0];
    expect(falsy.map(pyTruthy)).toEqual(falsy.map(() => false));
    expect(truthy.map(pyTruthy)).toEqual(truthy.map(() => true));
  });

  it('uses a numeric `length` of class instances (recordsets) for truthiness and len()', () => {
    class Recordset { constructor(readonly length: number) {} }
    expect(pyTruthy(new Recordset(0))).toBe(false);
    expect(pyTruthy(new Recordset(2))).toBe(true);
    expect(ev('len(r)', { r: new Recordset(3) })).toBe(3);
    expect(ev("'some' if r else 'none'", { r: new Recordset(0) })).toBe('none');
    expect(pyTruthy({ length: 0 })).toBe(true); // a plain object is a dict with one key
  });
});

describe('errors', () => {
  it('unknown names raise NameError', () => {
    const err = errorOf(() => safeEval('foo + 1'));
    expect(err).toBeInstanceOf(PyNameError);
    expect(err.message).toBe("name 'foo' is not defined");
    expect(errorOf(() => safeEval('[x for x in y]', { x: 1 })).message).toBe("name 'y' is not defined");
  });

  it('SafeEvalError is a Python ValueError', () => {
    const err = errorOf(() => safeEval('1 +'));
    expect(err).toBeInstanceOf(PyValueError);
    expect((err as SafeEvalError).pyName).toBe('builtins.ValueError');
    expect((err as SafeEvalError).pyKind).toBe('SyntaxError');
  });

  it('unsupported syntax and statements', () => {
    expectSafeError('lambda x: x', 'lambda expressions are not supported (line 1, column 1)', 'SyntaxError');
    expectSafeError('sorted(a, key=lambda x: x)', 'lambda expressions are not supported (line 1, column 15)', 'SyntaxError');
    expectSafeError('import os', "invalid syntax: unexpected keyword 'import' (line 1, column 1)", 'SyntaxError');
    expectSafeError('x = 1', "invalid syntax: unexpected '=' (line 1, column 3)", 'SyntaxError');
    expectSafeError('x += 1', "invalid syntax: unexpected '+=' (line 1, column 3)", 'SyntaxError');
    expectSafeError('1; 2', "invalid syntax: unexpected ';' (line 1, column 2)", 'SyntaxError');
    expectSafeError('(y := 1)', "invalid syntax: expected ')', found ':=' (line 1, column 4)", 'SyntaxError');
    expectSafeError('yield 1', "'yield' is not supported (line 1, column 1)", 'SyntaxError');
    expectSafeError('f"x{1}"', 'f-strings are not supported (line 1, column 1)', 'SyntaxError');
    expectSafeError("b'x'", 'bytes literals are not supported (line 1, column 1)', 'SyntaxError');
    expectSafeError('1j', 'complex numbers are not supported (line 1, column 1)', 'SyntaxError');
    expectSafeError('012', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (line 1, column 1)');
    expectSafeError('1abc', 'invalid decimal literal (line 1, column 1)');
    expectSafeError('a $ b', "invalid character '$' (U+0024) (line 1, column 3)");
    expectSafeError('[1, 2', "unexpected end of expression (expected ']') (line 1, column 6)");
    expectSafeError('1 +', 'unexpected end of expression (line 1, column 4)');
    expectSafeError('', 'empty expression (line 1, column 1)');
    expectSafeError('1 if 2', "expected 'else' after 'if' expression (line 1, column 7)");
    expectSafeError('f(a=1, 2)', 'positional argument follows keyword argument (line 1, column 8)');
    expectSafeError('f(x for x in y, 1)', 'Generator expression must be parenthesized (line 1, column 3)');
    expectSafeError('...', 'Ellipsis is not supported (line 1, column 1)');
    expectSafeError('a @ b', 'matrix multiplication is not supported (line 1, column 3)');
    expectSafeError('{**a}', 'dict unpacking (**) is not supported (line 1, column 2)');
  });

  it('unterminated strings and bad escapes', () => {
    expectSafeError("'abc", 'unterminated string literal (detected at line 1) (line 1, column 1)', 'SyntaxError');
    expectSafeError("['a',\n 'b]", 'unterminated string literal (detected at line 2) (line 2, column 2)', 'SyntaxError');
    expectSafeError("'''abc\n\n", 'unterminated triple-quoted string literal (detected at line 3) (line 1, column 1)', 'SyntaxError');
    expectSafeError("'a\nb'", 'unterminated string literal (detected at line 1) (line 1, column 1)', 'SyntaxError');
    expectSafeError("'\\x4'", '(unicode error) truncated \\xXX escape (line 1, column 2)', 'SyntaxError');
    expectSafeError("r'\\'", 'unterminated string literal (detected at line 1) (line 1, column 2)', 'SyntaxError');
  });
});

describe('sandbox', () => {
  const escapes: Array<[string, Record<string, unknown>]> = [
    ['().__class__', {}],
    ["().__class__.__bases__[0].__subclasses__()", {}],
    ["'a'.constructor", {}],
    ["'a'.constructor.constructor('return process')()", {}],
    ["[].constructor.constructor('return process')()", {}],
    ['x.__proto__', { x: {} }],
    ['x.__proto__.polluted', { x: { a: 1 } }],
    ['x.constructor', { x: { a: 1 } }],
    ['x.prototype', { x: { a: 1 } }],
    ['f.constructor', { f: () => 1 }],
    ['f.call', { f: () => 1 }],
    ['f.apply(None, [])', { f: () => 1 }],
    ['f.bind', { f: () => 1 }],
    ["Command.create.constructor('return process')()", { Command: makeCommand() }],
    ['time.strftime.call', { time }],
    ['len.impl', {}],
    ['len.__call__', {}],
    ["'abc'.lower.__self__", {}],
    ['__import__("os")', {}],
    ['__builtins__', {}],
    ['globals()', {}],
    ['getattr(x, "__class__")', { x: 1 }],
    ['eval("1")', {}],
    ['open("/etc/passwd")', {}],
    ['process', {}],
    ['require("fs")', {}],
    ['constructor', {}],
    ['toString()', {}],
    ['hasOwnProperty("x")', {}],
    ['x.toString()', { x: {} }],
    ['x.valueOf', { x: { a: 1 } }],
    ['(1).real', {}],
    ['(1.5).hex()', {}],
    ['[c for c in ().__class__.__mro__]', {}],
    ['dict(__proto__=1)', {}],
    ['x._private', { x: { _private: 1 } }],
    ['\uff3f\uff3fimport\uff3f\uff3f("os")', {}], // fullwidth low lines: an invalid character, as in Python
    ['user.__class__', ctx()],
    ['f(**{"a": 1}).__class__', { f: () => 1 }],
  ];

  // Every row has a context: with a shorter row jest would take the second parameter for `done`.
  it.each(escapes)('refuses %s', (expr, context) => {
    const err = errorOf(() => safeEval(expr, context));
    expect(err instanceof SafeEvalError || err instanceof PyNameError).toBe(true);
  });

  it('never resolves inherited names or keys', () => {
    expect(ev("x.get('constructor')", { x: {} })).toBe(null);
    expectSafeError("x['constructor']", "'constructor'", 'KeyError', { x: {} });
    expectSafeError("x['__proto__']", "'__proto__'", 'KeyError', { x: {} });
    expect(ev("'toString' in x", { x: {} })).toBe(false);
    expect(errorOf(() => safeEval('valueOf', {}))).toBeInstanceOf(PyNameError);
  });

  it('refuses forbidden attributes in hand-built trees too', () => {
    const node = { type: 'Attribute', value: { type: 'Name', id: 'x' }, attr: '__proto__' } as const;
    const err = errorOf(() => evalPyNode(node, { x: {} }));
    expect(err).toBeInstanceOf(SafeEvalError);
    expect(err.message).toBe("Access to forbidden name '__proto__'");
  });

  it('uses dict keys as data, never as hooks', () => {
    // A data dict with a '__getattr__' / '__bool__' key is still a plain dict.
    const context = { f: () => 'hooked' };
    expect(ev("bool({'__bool__': f})", context)).toBe(true);
    expectSafeError("{'__getattr__': f}.anything", "'dict' object has no attribute 'anything'", 'AttributeError', context);
  });

  it('does not pollute Object.prototype', () => {
    ev("[{'__proto__': {'polluted': 1}}, dict([('__proto__', {'polluted': 2})]), {k: 1 for k in ['__proto__']}]");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('resource limits', () => {
  it('expression length and nesting depth', () => {
    expectSafeError('x'.repeat(SAFE_EVAL_LIMITS.maxLength + 1), 'expression too long (100001 characters, limit 100000)');
    expect(ev('['.repeat(150) + ']'.repeat(150))).toBeDefined();
    expectSafeError('('.repeat(300) + '1' + ')'.repeat(300), 'expression too deeply nested (limit 200) (line 1, column 201)');
    expectSafeError('-'.repeat(1000) + '1', 'expression too deeply nested (limit 200) (line 1, column 201)');
    expectSafeError('not '.repeat(1000) + '1', 'expression too deeply nested (limit 200) (line 1, column 801)');
    // Left-associative chains are built by loops: the tree depth check catches them.
    expectSafeError('1' + '+1'.repeat(5000), 'expression too deeply nested (limit 200)');
    expectSafeError('a' + '.b'.repeat(5000), 'expression too deeply nested (limit 200)');
    expect(ev('1' + '+1'.repeat(150))).toBe(151);
  });

  it('sizes of ranges, repetitions and concatenations', () => {
    expectSafeError('range(10**7)', 'range() too large (10000000 items, limit 1000000)');
    expectSafeError("'a' * 10**7", 'repeated sequence too large (10000000 items, limit 1000000)');
    expectSafeError('[0] * 10**7', 'repeated sequence too large (10000000 items, limit 1000000)');
    expectSafeError("('a' * 999999) + ('b' * 999999)", 'string too large (1999998 items, limit 1000000)');
    expect(ev('len(range(1000000))')).toBe(1000000);
  });

  it('total work: comprehensions cannot run away', () => {
    const start = Date.now();
    expectSafeError('[x for x in range(1000) for y in range(1000) for z in range(10)]', 'comprehension too large (1000001 items, limit 1000000)');
    expectSafeError('[1 for x in range(999999) for y in range(999999) if 0]', 'expression evaluation exceeded the work limit (5000000 steps)');
    expectSafeError('[sum(range(999999)) for x in range(999999)]', 'expression evaluation exceeded the work limit (5000000 steps)');
    expect(Date.now() - start).toBeLessThan(20000);
  });

  it('endless iterators from the context are cut off', () => {
    const endless = { *[Symbol.iterator]() { for (;;) yield 1; } };
    class Stream { *__iter__() { for (;;) yield 1; } }
    expectSafeError('list(x)', 'iterable too large (1000001 items, limit 1000000)', 'ValueError', { x: new Stream() });
    expectSafeError('[i for i in x]', 'iterable too large (1000001 items, limit 1000000)', 'ValueError', { x: Object.assign(Object.create({}), endless) });
  });
});
