import { execFileSync } from 'child_process';
import {
  XmlRpcBinary, XmlRpcDateTime, XmlRpcFault, XmlRpcParseError,
  dumpFault, dumpMethodCall, dumpMethodResponse, parseMethodCall, parseMethodResponse,
} from '../../rpc/xmlrpc/codec';
import { PyFloat } from '../../models/orm/values';
import { PyOverflowError, PyTypeError } from '../../models/orm/exceptions';

const HEADER = "<?xml version='1.0'?>\n";

/** Wraps values (already XML) in a methodCall and parses it. */
function callWith(...values: string[]): unknown[] {
  const params = values.map((v) => `<param>${v}</param>`).join('');
  return parseMethodCall(`<?xml version="1.0"?><methodCall><methodName>m</methodName><params>${params}</params></methodCall>`).params;
}
const one = (value: string): unknown => callWith(value)[0];

/** The exact response document Python writes around one marshalled value. */
const response = (valueXml: string) =>
  `${HEADER}<methodResponse>\n<params>\n<param>\n${valueXml}</param>\n</params>\n</methodResponse>\n`;

function python(script: string, input?: string | Buffer): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8' });
}

describe('parseMethodCall: scalar types', () => {
  test('int, i4 and i8 become numbers (Python int() syntax)', () => {
    expect(callWith('<value><int>42</int></value>', '<value><i4>-7</i4></value>',
      '<value><i8>1099511627776</i8></value>', '<value><int> +5 </int></value>', '<value><int>1_000</int></value>'))
      .toEqual([42, -7, 1099511627776, 5, 1000]);
  });

  test('booleans are exactly 0 or 1', () => {
    expect(callWith('<value><boolean>1</boolean></value>', '<value><boolean>0</boolean></value>')).toEqual([true, false]);
    expect(() => one('<value><boolean>true</boolean></value>')).toThrow(/bad boolean value/);
    expect(() => one('<value><boolean> 1</boolean></value>')).toThrow(XmlRpcParseError);
  });

  test('strings, untyped values and empty values', () => {
    expect(callWith(
      '<value><string>hello</string></value>',
      '<value>  untyped with spaces  </value>',
      '<value></value>', '<value/>', '<value><string/></value>', '<value><string></string></value>',
      '<value>\n  <string>typed</string>\n</value>',
    )).toEqual(['hello', '  untyped with spaces  ', '', '', '', '', 'typed']);
  });

  test('doubles follow Python float()', () => {
    const [a, b, c, d, e, f] = callWith('<value><double>1.5</double></value>', '<value><double>-2e3</double></value>',
      '<value><double>.5</double></value>', '<value><double>inf</double></value>',
      '<value><double>-Infinity</double></value>', '<value><double>nan</double></value>') as number[];
    expect([a, b, c, d, e]).toEqual([1.5, -2000, 0.5, Infinity, -Infinity]);
    expect(Number.isNaN(f)).toBe(true);
    expect(() => one('<value><double>1.2.3</double></value>')).toThrow(/invalid <double>/);
  });

  test('nil becomes null', () => {
    expect(callWith('<value><nil/></value>', '<value><nil></nil></value>')).toEqual([null, null]);
  });

  test('dateTime.iso8601 becomes XmlRpcDateTime', () => {
    const v = one('<value><dateTime.iso8601> 20240101T10:00:00 </dateTime.iso8601></value>');
    expect(v).toBeInstanceOf(XmlRpcDateTime);
    expect((v as XmlRpcDateTime).value).toBe('20240101T10:00:00');
    expect(String(v)).toBe('20240101T10:00:00');
    expect(JSON.stringify({ d: v })).toBe('{"d":"20240101T10:00:00"}');
  });

  test('base64 becomes XmlRpcBinary', () => {
    const v = one('<value><base64>\naGVsbG8g\nd29ybGQ=\n</base64></value>');
    expect(v).toBeInstanceOf(XmlRpcBinary);
    expect((v as XmlRpcBinary).data.toString('utf8')).toBe('hello world');
    expect(String(v)).toBe('aGVsbG8gd29ybGQ=');
    expect(JSON.stringify(v)).toBe('"aGVsbG8gd29ybGQ="');
    expect(() => one('<value><base64>not base64!</base64></value>')).toThrow(/invalid <base64>/);
  });

  test('CDATA sections and entities are decoded', () => {
    expect(callWith(
      '<value><string>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#x1F600;</string></value>',
      '<value><string><![CDATA[<b>raw & ]]>tail</string></value>',
      '<value><![CDATA[ untyped ]]></value>',
      '<value><string>x<!-- comment -->y</string></value>',
    )).toEqual(['a & b <c> "d" \'e\' AB\u{1F600}', '<b>raw & tail', ' untyped ', 'xy']);
  });
});

describe('parseMethodCall: structure', () => {
  test('nested structs and arrays', () => {
    const xml = `<?xml version="1.0"?>
<methodCall>
  <methodName>execute_kw</methodName>
  <params>
    <param><value><string>db</string></value></param>
    <param><value><array><data>
      <value><array><data><value><int>1</int></value><value>x</value></data></array></value>
      <value><struct>
        <member><name>fields</name><value><array><data/></array></value></member>
        <member><name>ctx</name><value><struct>
          <member><name>lang</name><value><string>en_US</string></value></member>
          <member><name>active_test</name><value><boolean>0</boolean></value></member>
        </struct></value></member>
        <member><name>empty</name><value><struct></struct></value></member>
      </struct></value>
    </data></array></value></param>
  </params>
</methodCall>`;
    expect(parseMethodCall(xml)).toEqual({
      methodName: 'execute_kw',
      params: ['db', [[1, 'x'], { fields: [], ctx: { lang: 'en_US', active_test: false }, empty: {} }]],
    });
  });

  test('missing or empty <params> means no arguments', () => {
    expect(parseMethodCall('<methodCall><methodName>version</methodName></methodCall>')).toEqual({ methodName: 'version', params: [] });
    expect(parseMethodCall('<methodCall><methodName>version</methodName><params/></methodCall>').params).toEqual([]);
  });

  test('struct members keep insertion order and a later duplicate wins', () => {
    const v = one('<value><struct><member><name>b</name><value>1</value></member><member><name>a</name><value>2</value></member>'
      + '<member><name>b</name><value>3</value></member></struct></value>') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['b', 'a']);
    expect(v.b).toBe('3');
  });

  test('members named __proto__ / constructor become own data properties', () => {
    const v = one('<value><struct>'
      + '<member><name>__proto__</name><value><struct><member><name>polluted</name><value>yes</value></member></struct></value></member>'
      + '<member><name>constructor</name><value><string>c</string></value></member>'
      + '<member><name>hasOwnProperty</name><value><int>1</int></value></member>'
      + '</struct></value>') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect((v as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(v, 'constructor')?.value).toBe('c');
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    // and it survives a trip back out as a member, not as a prototype
    expect(dumpMethodResponse(v)).toContain('<name>__proto__</name>\n<value><struct>\n<member>\n<name>polluted</name>');
  });

  test('UTF-8 Buffer bodies, BOM and declared encodings', () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>m</methodName><params>'
      + '<param><value>héllo ✓ 😀</value></param></params></methodCall>';
    expect(parseMethodCall(Buffer.from(body, 'utf8')).params).toEqual(['héllo ✓ 😀']);
    expect(parseMethodCall(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')])).params).toEqual(['héllo ✓ 😀']);
    const latin = "<?xml version='1.0' encoding='ISO-8859-1'?><methodCall><methodName>m</methodName><params>"
      + '<param><value>caf\u00e9 \u0080</value></param></params></methodCall>';
    expect(parseMethodCall(Buffer.from(latin, 'latin1')).params).toEqual(['caf\u00e9 \u0080']);
    const bad = Buffer.concat([Buffer.from('<methodCall><methodName>m'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('</methodName></methodCall>')]);
    expect(() => parseMethodCall(bad)).toThrow(XmlRpcParseError);
  });

  test('DOCTYPE declarations are rejected (XXE / billion laughs)', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
      + '<methodCall><methodName>&lol2;</methodName></methodCall>';
    const xxe = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
      + '<methodCall><methodName>&xxe;</methodName></methodCall>';
    const plain = '<!DOCTYPE methodCall><methodCall><methodName>m</methodName></methodCall>';
    for (const xml of [laughs, xxe, plain]) {
      expect(() => parseMethodCall(xml)).toThrow(XmlRpcParseError);
      expect(() => parseMethodCall(xml)).toThrow(/DOCTYPE/);
    }
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['unknown tag', '<methodCall><methodName>m</methodName><params><param><value><float>1</float></value></param></params></methodCall>', /unexpected <float> in <value>/],
    ['unclosed tag', '<methodCall><methodName>m</methodName><params>', /malformed XML/],
    ['mismatched close tag', '<methodCall><methodName>m</methodName><params></param></methodCall>', /malformed XML|without/],
    ['text outside values', '<methodCall><methodName>m</methodName><params>junk<param><value>1</value></param></params></methodCall>', /unexpected text in <params>/],
    ['text inside a struct', '<methodCall><methodName>m</methodName><params><param><value><struct>x</struct></value></param></params></methodCall>', /unexpected text in <struct>/],
    ['missing methodName', '<methodCall></methodCall>', /<methodCall> without <methodName>/],
    ['params without methodName', '<methodCall><params/></methodCall>', /<params> must follow <methodName>/],
    ['params before methodName', '<methodCall><params/><methodName>m</methodName></methodCall>', /must follow <methodName>/],
    ['two methodNames', '<methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>', /must come first/],
    ['two types in one value', '<methodCall><methodName>m</methodName><params><param><value><int>1</int><int>2</int></value></param></params></methodCall>', /only one child/],
    ['text mixed with a typed value', '<methodCall><methodName>m</methodName><params><param><value>a<int>1</int></value></param></params></methodCall>', /mixes text/],
    ['member without value', '<methodCall><methodName>m</methodName><params><param><value><struct><member><name>a</name></member></struct></value></param></params></methodCall>', /<member> without <value>/],
    ['member value before name', '<methodCall><methodName>m</methodName><params><param><value><struct><member><value>1</value><name>a</name></member></struct></value></param></params></methodCall>', /must follow <name>|must come first/],
    ['param without value', '<methodCall><methodName>m</methodName><params><param></param></params></methodCall>', /<param> without <value>/],
    ['element inside a scalar', '<methodCall><methodName>m</methodName><params><param><value><string><b>x</b></string></value></param></params></methodCall>', /unexpected <b> in <string>/],
    ['array values outside data', '<methodCall><methodName>m</methodName><params><param><value><array><value>1</value></array></value></param></params></methodCall>', /unexpected <value> in <array>/],
    ['non-integer int', '<methodCall><methodName>m</methodName><params><param><value><int>1.5</int></value></param></params></methodCall>', /invalid <int>/],
    ['empty int', '<methodCall><methodName>m</methodName><params><param><value><int/></value></param></params></methodCall>', /invalid <int>/],
    ['wrong root element', '<methodResponse><params/></methodResponse>', /expected <methodCall>/],
    ['empty document', '', /malformed XML/],
    ['not XML at all', '{"jsonrpc": "2.0"}', /malformed XML/],
    ['undefined entity', '<methodCall><methodName>&nope;</methodName></methodCall>', /malformed XML/],
    ['two root elements', '<methodCall><methodName>m</methodName></methodCall><methodCall/>', /malformed XML/],
    ['forbidden control character', '<methodCall><methodName>m\u0001</methodName></methodCall>', /malformed XML/],
  ];
  test.each(malformed)('malformed input is rejected: %s', (_label, xml, expected) => {
    let error: unknown;
    try { parseMethodCall(xml); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(XmlRpcParseError);
    expect((error as Error).message).toMatch(expected);
  });

  test('deep nesting is refused, moderate nesting is fine', () => {
    const nest = (n: number) => '<value><array><data>'.repeat(n) + '<value>x</value>' + '</data></array></value>'.repeat(n);
    const wrap = (v: string) => `<methodCall><methodName>m</methodName><params><param>${v}</param></params></methodCall>`;
    let v = parseMethodCall(wrap(nest(100))).params[0];
    for (let i = 0; i < 100; i++) v = (v as unknown[])[0];
    expect(v).toBe('x');
    expect(() => parseMethodCall(wrap(nest(200)))).toThrow(/nested deeper than 512/);
    expect(() => parseMethodCall(wrap(nest(20000)))).toThrow(XmlRpcParseError);
  });
});

describe('parseMethodResponse', () => {
  test('returns the single value', () => {
    expect(parseMethodResponse(response('<value><array><data>\n<value><int>1</int></value>\n</data></array></value>\n'))).toEqual([1]);
  });

  test('throws XmlRpcFault for a fault', () => {
    let error: unknown;
    try { parseMethodResponse(dumpFault(3, 'Access Denied')); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(XmlRpcFault);
    expect((error as XmlRpcFault).faultCode).toBe(3);
    expect((error as XmlRpcFault).faultString).toBe('Access Denied');
  });
});

describe('dumpMethodResponse: exact bytes', () => {
  test('int', () => {
    expect(dumpMethodResponse(1)).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n</methodResponse>\n");
  });

  test('int limits and overflow', () => {
    expect(dumpMethodResponse(2147483647)).toBe(response('<value><int>2147483647</int></value>\n'));
    expect(dumpMethodResponse(-2147483648)).toBe(response('<value><int>-2147483648</int></value>\n'));
    expect(dumpMethodResponse(-0)).toBe(response('<value><int>0</int></value>\n'));
    expect(dumpMethodResponse(12n)).toBe(response('<value><int>12</int></value>\n'));
    for (const big of [2147483648, -2147483649, 1e20, 2n ** 40n]) {
      expect(() => dumpMethodResponse([big])).toThrow(PyOverflowError);
      expect(() => dumpMethodResponse([big])).toThrow('int exceeds XML-RPC limits');
    }
  });

  test('doubles use Python repr', () => {
    expect(dumpMethodResponse(0.1)).toBe(response('<value><double>0.1</double></value>\n'));
    expect(dumpMethodResponse(new PyFloat(0))).toBe(response('<value><double>0.0</double></value>\n'));
    expect(dumpMethodResponse(new PyFloat(3))).toBe(response('<value><double>3.0</double></value>\n'));
    expect(dumpMethodResponse(new PyFloat(1e22))).toBe(response('<value><double>1e+22</double></value>\n'));
    expect(dumpMethodResponse(1.5e-7)).toBe(response('<value><double>1.5e-07</double></value>\n'));
    expect(dumpMethodResponse(NaN)).toBe(response('<value><double>nan</double></value>\n'));
    expect(dumpMethodResponse(new PyFloat(-Infinity))).toBe(response('<value><double>-inf</double></value>\n'));
  });

  test('strings: & < > escaped, control characters removed, quotes kept', () => {
    expect(dumpMethodResponse('a & b <c> "d" \'e\'')).toBe(
      response('<value><string>a &amp; b &lt;c&gt; "d" \'e\'</string></value>\n'));
    expect(dumpMethodResponse('x\u0000y\u0001\u001f\tz\r\n\u000b<')).toBe(response('<value><string>xy\tz\r\n&lt;</string></value>\n'));
    expect(dumpMethodResponse('')).toBe(response('<value><string></string></value>\n'));
    expect(dumpMethodResponse('héllo ✓')).toBe(response('<value><string>héllo ✓</string></value>\n'));
  });

  test('Buffers are sent as their UTF-8 text (OdooMarshaller.dump_bytes)', () => {
    expect(dumpMethodResponse(Buffer.from('iVBORw0K&', 'utf8'))).toBe(response('<value><string>iVBORw0K&amp;</string></value>\n'));
  });

  test('booleans', () => {
    expect(dumpMethodResponse(true)).toBe(response('<value><boolean>1</boolean></value>\n'));
    expect(dumpMethodResponse(false)).toBe(response('<value><boolean>0</boolean></value>\n'));
  });

  test('nested array and struct', () => {
    expect(dumpMethodResponse([{ id: 1, name: 'A<', tags: [], sub: {} }, [true]])).toBe(response(
      '<value><array><data>\n'
      + '<value><struct>\n'
      + '<member>\n<name>id</name>\n<value><int>1</int></value>\n</member>\n'
      + '<member>\n<name>name</name>\n<value><string>A&lt;</string></value>\n</member>\n'
      + '<member>\n<name>tags</name>\n<value><array><data>\n</data></array></value>\n</member>\n'
      + '<member>\n<name>sub</name>\n<value><struct>\n</struct></value>\n</member>\n'
      + '</struct></value>\n'
      + '<value><array><data>\n<value><boolean>1</boolean></value>\n</data></array></value>\n'
      + '</data></array></value>\n'));
  });

  test('struct keys are escaped; Maps keep their order', () => {
    expect(dumpMethodResponse(new Map([['2', 1], ['a&b', 2]]))).toBe(response(
      '<value><struct>\n<member>\n<name>2</name>\n<value><int>1</int></value>\n</member>\n'
      + '<member>\n<name>a&amp;b</name>\n<value><int>2</int></value>\n</member>\n</struct></value>\n'));
    expect(() => dumpMethodResponse(new Map([[1, 1]]))).toThrow('dictionary key must be string');
  });

  test('dates, XmlRpcDateTime and XmlRpcBinary', () => {
    expect(dumpMethodResponse(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe(
      response('<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n'));
    expect(dumpMethodResponse(new XmlRpcDateTime('20240101T10:00:00'))).toBe(
      response('<value><dateTime.iso8601>20240101T10:00:00</dateTime.iso8601></value>\n'));
    const b64 = Buffer.alloc(60, 0xab).toString('base64');
    expect(dumpMethodResponse(new XmlRpcBinary(Buffer.alloc(60, 0xab)))).toBe(
      response(`<value><base64>\n${b64.slice(0, 76)}\n${b64.slice(76)}\n</base64></value>\n`));
    expect(dumpMethodResponse(new XmlRpcBinary(Buffer.alloc(0)))).toBe(response('<value><base64>\n</base64></value>\n'));
  });

  test('objects with toJSON and plain class instances', () => {
    class Money { constructor(private cents: number) {} toJSON() { return this.cents / 100; } }
    class Rec { id = 4; display_name = 'x'; }
    expect(dumpMethodResponse(new Money(250))).toBe(response('<value><double>2.5</double></value>\n'));
    expect(dumpMethodResponse(new Rec())).toBe(response(
      '<value><struct>\n<member>\n<name>id</name>\n<value><int>4</int></value>\n</member>\n'
      + '<member>\n<name>display_name</name>\n<value><string>x</string></value>\n</member>\n</struct></value>\n'));
  });

  test('None is refused with Python\'s message, anywhere in the value', () => {
    for (const v of [null, undefined, [1, null], { a: undefined }]) {
      expect(() => dumpMethodResponse(v)).toThrow(PyTypeError);
      expect(() => dumpMethodResponse(v)).toThrow('cannot marshal None unless allow_none is enabled');
    }
  });

  test('unmarshallable types', () => {
    expect(() => dumpMethodResponse(() => 1)).toThrow("cannot marshal <class 'function'> objects");
    expect(() => dumpMethodResponse([Symbol('s')])).toThrow("cannot marshal <class 'symbol'> objects");
    expect(() => dumpMethodResponse(new Set([1]))).toThrow("cannot marshal <class 'set'> objects");
    expect(() => dumpMethodResponse({ f: () => 1 })).toThrow(PyTypeError);
  });

  test('recursive structures are refused; shared references are not', () => {
    const list: unknown[] = [1];
    list.push(list);
    const dict: Record<string, unknown> = {};
    dict.self = dict;
    expect(() => dumpMethodResponse(list)).toThrow('cannot marshal recursive sequences');
    expect(() => dumpMethodResponse({ a: [dict] })).toThrow('cannot marshal recursive dictionaries');
    expect(() => dumpMethodResponse(list)).toThrow(PyTypeError);
    const shared = { x: 1 };
    expect(dumpMethodResponse([shared, shared])).toBe(response(
      '<value><array><data>\n'
      + '<value><struct>\n<member>\n<name>x</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n'.repeat(2)
      + '</data></array></value>\n'));
  });
});

describe('dumpFault', () => {
  test('integer fault code', () => {
    expect(dumpFault(1, 'Traceback <x> & y')).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
      + '<member>\n<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n'
      + '<member>\n<name>faultString</name>\n<value><string>Traceback &lt;x&gt; &amp; y</string></value>\n</member>\n'
      + '</struct></value>\n</fault>\n</methodResponse>\n');
  });

  test('string fault code', () => {
    expect(dumpFault('warning -- UserError\n\nNope', '')).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
      + '<member>\n<name>faultCode</name>\n<value><string>warning -- UserError\n\nNope</string></value>\n</member>\n'
      + '<member>\n<name>faultString</name>\n<value><string></string></value>\n</member>\n'
      + '</struct></value>\n</fault>\n</methodResponse>\n');
  });
});

describe('round trip', () => {
  test('dumpMethodCall → parseMethodCall', () => {
    const params = [
      'db', 2, 'pwd & <secret>', 'res.partner', 'search_read',
      [[['name', 'ilike', 'a'], '|', ['active', '=', true]]],
      { fields: ['name', 'email'], limit: 80, context: { lang: 'fr_FR', tz: 'Europe/Brussels' }, ratio: 0.25 },
      [], {}, '', 'héllo ✓ 😀', false,
    ];
    const xml = dumpMethodCall('execute_kw', params);
    expect(xml.startsWith(`${HEADER}<methodCall>\n<methodName>execute_kw</methodName>\n<params>\n<param>\n`)).toBe(true);
    expect(parseMethodCall(xml)).toEqual({ methodName: 'execute_kw', params });
    expect(parseMethodCall(Buffer.from(xml, 'utf8'))).toEqual({ methodName: 'execute_kw', params });
  });

  test('dumpMethodResponse → parseMethodResponse, with special types', () => {
    const value = { when: new XmlRpcDateTime('20240101T10:00:00'), blob: new XmlRpcBinary(Buffer.from('hi')), n: [1, 2.5] };
    const back = parseMethodResponse(dumpMethodResponse(value)) as typeof value;
    expect(back.when.value).toBe('20240101T10:00:00');
    expect(back.blob.data.toString()).toBe('hi');
    expect(back.n).toEqual([1, 2.5]);
  });
});

describe('cross-check with CPython xmlrpc.client', () => {
  const jsValue = [{
    id: 7, name: 'Acme & Co <b> "q"', active: true, inactive: false, amount: new PyFloat(0), ratio: 0.1,
    third: 1 / 3, tiny: 1.5e-7, huge: new PyFloat(1e22), neg: -2147483648, max: 2147483647,
    tags: [1, 2, 3], partner_id: [3, 'Name'], nested: { empty: [], s: '', deeper: [{ x: [[]] }] },
    unicode: 'héllo ✓ 😀\ttab\nnewline',
  }, 'tail'];
  const pyValue = `[{'id': 7, 'name': 'Acme & Co <b> "q"', 'active': True, 'inactive': False, 'amount': 0.0, 'ratio': 0.1,
    'third': 1/3, 'tiny': 1.5e-7, 'huge': 1e22, 'neg': -2147483648, 'max': 2147483647,
    'tags': [1, 2, 3], 'partner_id': [3, 'Name'], 'nested': {'empty': [], 's': '', 'deeper': [{'x': [[]]}]},
    'unicode': 'h\\u00e9llo \\u2713 \\U0001F600\\ttab\\nnewline'}, 'tail']`;

  test('dumpMethodResponse is byte-identical to xmlrpc.client.dumps and loads back equal', () => {
    const ours = dumpMethodResponse(jsValue);
    const out = JSON.parse(python(`
import sys, json, xmlrpc.client as x
V = ${pyValue}
theirs = x.dumps((V,), methodresponse=1, allow_none=False)
loaded = x.loads(sys.stdin.buffer.read())[0][0]
print(json.dumps({'xml': theirs, 'equal': loaded == V}))
`, Buffer.from(ours, 'utf8')));
    expect(ours).toBe(out.xml);
    expect(out.equal).toBe(true);
  });

  test('float repr matches Python for edge values', () => {
    const floats = [0.1, 1 / 3, 123456.789, 1e16, 1.5e-5, 5e-324, 1.7976931348623157e308, -0, 100.5, 0.0001,
      9999999999999998, 1e-4, 123e-20, NaN, Infinity, -Infinity, 2 ** 53];
    const ours = dumpMethodResponse(floats.map((f) => new PyFloat(f)));
    const theirs = python(`
import sys, json, xmlrpc.client as x
vals = [float(s) for s in json.loads(sys.stdin.read())]
sys.stdout.write(x.dumps((vals,), methodresponse=1))
`, JSON.stringify(floats.map((f) => (Object.is(f, -0) ? '-0' : String(f)))));
    expect(ours).toBe(theirs);
  });

  test('faults load in CPython with the right code and string', () => {
    const out = python(`
import sys, xmlrpc.client as x
for doc in sys.stdin.read().split('\\x00'):
    try:
        x.loads(doc)
    except x.Fault as f:
        print(repr((f.faultCode, f.faultString)))
`, `${dumpFault(2, 'Warning <b>& co')}\u0000${dumpFault('AccessDenied', 'Access Denied')}`);
    expect(out).toBe("(2, 'Warning <b>& co')\n('AccessDenied', 'Access Denied')\n");
  });

  test('we parse what CPython sends as a request', () => {
    const xml = python(`
import sys, xmlrpc.client as x
params = ('db', 2, 'pw', 'res.partner', 'write', [[1, 2], {'name': 'A & B', 'ratio': 2.5, 'flag': True,
          'when': x.DateTime('20240101T10:00:00'), 'blob': x.Binary(b'abc'), 'empty': ''}])
sys.stdout.buffer.write(x.dumps(params, 'execute_kw', encoding='utf-8').encode())
`);
    const call = parseMethodCall(xml);
    expect(call.methodName).toBe('execute_kw');
    const [ids, vals] = call.params[5] as [number[], Record<string, unknown>];
    expect(call.params.slice(0, 5)).toEqual(['db', 2, 'pw', 'res.partner', 'write']);
    expect(ids).toEqual([1, 2]);
    expect(vals.name).toBe('A & B');
    expect(vals.ratio).toBe(2.5);
    expect(vals.flag).toBe(true);
    expect(vals.empty).toBe('');
    expect((vals.when as XmlRpcDateTime).value).toBe('20240101T10:00:00');
    expect((vals.blob as XmlRpcBinary).data.toString()).toBe('abc');
  });
});
