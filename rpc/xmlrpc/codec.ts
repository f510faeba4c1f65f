/**
 * XML-RPC codec that reproduces what Odoo 17 puts on the wire.
 *
 * Incoming bodies are parsed like CPython's `xmlrpc.client.loads` (default options), but
 * strictly: anything that is not well-formed XML-RPC is rejected with `XmlRpcParseError`
 * instead of being silently ignored. Parsing uses `saxes`, a strict non-validating SAX parser
 * that never resolves external entities; DOCTYPE declarations are refused outright.
 *
 * Outgoing documents are byte-for-byte what `xmlrpc.client.dumps((result,), methodresponse=1,
 * allow_none=False)` produces once Odoo has installed its `OdooMarshaller` (bytes sent as text,
 * control characters removed from strings), including the errors Python raises for values it
 * cannot marshal.
 */
import { TextDecoder } from 'util';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { PyFloat, pyFloatRepr } from '../../models/orm/values';
import { PyOverflowError, PyTypeError, PyValueError } from '../../models/orm/exceptions';
import { OdooError } from '../../models/orm/exceptions';

// ---------------------------------------------------------------------------------------------
// Public value types
// ---------------------------------------------------------------------------------------------

/** An incoming `<dateTime.iso8601>`, kept as text like Python's `xmlrpc.client.DateTime`. */
export class XmlRpcDateTime {
  constructor(public readonly value: string) {}
  toString(): string { return this.value; }
  toJSON(): string { return this.value; }
}

/** An incoming `<base64>` (Python's `xmlrpc.client.Binary`); renders as its base64 text. */
export class XmlRpcBinary {
  constructor(public readonly data: Buffer) {}
  toString(): string { return this.data.toString('base64'); }
  toJSON(): string { return this.toString(); }
}

/**
 * The request body is not a well-formed XML-RPC document. Odoo's XML-RPC answers such bodies
 * with a fault naming the expat parser's error class (fault code 1, its traceback).
 */
export class XmlRpcParseError extends OdooError {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRpcParseError';
    this.pyName = 'xml.parsers.expat.ExpatError';
  }
}

/** A `<fault>` response (Python's `xmlrpc.client.Fault`). */
export class XmlRpcFault extends Error {
  constructor(public faultCode: number | string, public faultString: string) {
    super(`<Fault ${typeof faultCode === 'string' ? `'${faultCode}'` : faultCode}: '${faultString}'>`);
    this.name = 'XmlRpcFault';
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** Elements nested deeper than this are refused, so hostile input cannot exhaust memory/stack. */
const MAX_DEPTH = 512;

/** What a frame of the element stack is, and therefore which children and text it accepts. */
enum Kind {
  MethodCall, MethodResponse, MethodName, Params, Param, Fault,
  Value, Scalar, Nil, Struct, Member, Name, Array, Data,
}

/** Typed value elements whose content is plain text. */
const SCALAR_TAGS = new Set(['int', 'i4', 'i8', 'boolean', 'string', 'double', 'dateTime.iso8601', 'base64']);

interface Frame {
  kind: Kind;
  tag: string;
  /** Character data seen directly inside this element (text and CDATA). */
  text: string;
  /** Number of child elements seen so far; drives the ordering rules below. */
  children: number;
  /** <value>: the decoded child; <param>/<fault>: the value; <struct>/<array>: the container. */
  result: unknown;
  /** <member>: the decoded <name>. */
  name?: string;
  hasName?: boolean;
  hasValue?: boolean;
}

interface Document {
  root: 'methodCall' | 'methodResponse';
  methodName?: string;
  params: unknown[];
  fault?: unknown;
  hasParams?: boolean;
}

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const INT_TEXT = /^\s*[+-]?\d(?:_?\d)*\s*$/;
const DIGITS = '\\d(?:_?\\d)*';
// Python's float(): decimal or exponent forms, inf/infinity/nan, digit-separating underscores.
const DOUBLE_TEXT = new RegExp(
  `^\\s*[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)\\s*$`, 'i');
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

function isBlank(s: string): boolean {
  return s.length === 0 || WHITESPACE_ONLY.test(s);
}

/** Which child elements each kind of frame accepts (ordering is checked separately). */
function childKind(parent: Frame, tag: string): Kind | undefined {
  switch (parent.kind) {
    case Kind.MethodCall:
      if (tag === 'methodName') return Kind.MethodName;
      if (tag === 'params') return Kind.Params;
      return undefined;
    case Kind.MethodResponse:
      if (tag === 'params') return Kind.Params;
      if (tag === 'fault') return Kind.Fault;
      return undefined;
    case Kind.Params: return tag === 'param' ? Kind.Param : undefined;
    case Kind.Param: case Kind.Fault: case Kind.Data: return tag === 'value' ? Kind.Value : undefined;
    case Kind.Value:
      if (SCALAR_TAGS.has(tag)) return Kind.Scalar;
      if (tag === 'struct') return Kind.Struct;
      if (tag === 'array') return Kind.Array;
      if (tag === 'nil') return Kind.Nil;
      return undefined;
    case Kind.Struct: return tag === 'member' ? Kind.Member : undefined;
    case Kind.Member:
      if (tag === 'name') return Kind.Name;
      if (tag === 'value') return Kind.Value;
      return undefined;
    case Kind.Array: return tag === 'data' ? Kind.Data : undefined;
    default: return undefined; // text-only elements
  }
}

/** Ordering/cardinality rules, checked when a child opens so errors point at the culprit. */
function checkChildOrder(parent: Frame, kind: Kind, tag: string): void {
  const fail = (why: string) => { throw new XmlRpcParseError(`<${tag}> ${why} in <${parent.tag}>`); };
  switch (parent.kind) {
    case Kind.MethodCall:
      if (kind === Kind.MethodName && parent.children !== 0) fail('must come first');
      if (kind === Kind.Params && parent.children !== 1) fail('must follow <methodName> and appear once');
      break;
    case Kind.MethodResponse:
    case Kind.Param:
    case Kind.Fault:
    case Kind.Value:
    case Kind.Array:
      if (parent.children !== 0) fail('is not allowed here (only one child element is allowed)');
      break;
    case Kind.Member:
      if (kind === Kind.Name && parent.children !== 0) fail('must come first');
      if (kind === Kind.Value && parent.children !== 1) fail('must follow <name> and appear once');
      break;
    default:
      break;
  }
}

/** Python's int(): surrounding whitespace, sign and '_' separators allowed. */
function parseInt10(tag: string, text: string): number {
  if (!INT_TEXT.test(text)) throw new XmlRpcParseError(`invalid <${tag}> value: ${JSON.stringify(text)}`);
  return Number(text.trim().replace(/_/g, ''));
}

/** Python's float(). */
function parseDouble(text: string): number {
  if (!DOUBLE_TEXT.test(text)) throw new XmlRpcParseError(`invalid <double> value: ${JSON.stringify(text)}`);
  const s = text.trim().replace(/_/g, '').toLowerCase();
  const unsigned = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  const sign = s[0] === '-' ? -1 : 1;
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Infinity;
  return Number(s);
}

function parseBase64(text: string): XmlRpcBinary {
  const compact = text.replace(/[ \t\r\n]+/g, '');
  if (!BASE64_TEXT.test(compact) || compact.length % 4 !== 0) {
    throw new XmlRpcParseError('invalid <base64> value');
  }
  return new XmlRpcBinary(Buffer.from(compact, 'base64'));
}

/** Decodes the text content of a typed scalar element, as Python's Unmarshaller.end_* do. */
function decodeScalar(tag: string, text: string): unknown {
  switch (tag) {
    case 'string': return text;
    case 'int': case 'i4': case 'i8': return parseInt10(tag, text);
    case 'boolean':
      // Python accepts exactly "0" or "1", no whitespace.
      if (text === '1') return true;
      if (text === '0') return false;
      throw new XmlRpcParseError(`bad boolean value: ${JSON.stringify(text)}`);
    case 'double': return parseDouble(text);
    case 'dateTime.iso8601': return new XmlRpcDateTime(text.trim());
    case 'base64': return parseBase64(text);
    default: throw new XmlRpcParseError(`unknown type <${tag}>`);
  }
}

/** Adds a struct member as an own data property: `__proto__` must never reach the setter. */
function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Hands a finished <value> to the element that contains it. */
function deliverValue(parent: Frame, value: unknown, doc: Document): void {
  switch (parent.kind) {
    case Kind.Param: parent.result = value; parent.hasValue = true; break;
    case Kind.Fault: doc.fault = value; parent.hasValue = true; break;
    case Kind.Data: (parent.result as unknown[]).push(value); break;
    case Kind.Member: parent.result = value; parent.hasValue = true; break;
    default: throw new XmlRpcParseError(`unexpected <value> in <${parent.tag}>`);
  }
}

/** Finishes an element: validates what it collected and passes the result up. */
function closeFrame(frame: Frame, parent: Frame | undefined, doc: Document): void {
  const missing = (what: string) => new XmlRpcParseError(`<${frame.tag}> without ${what}`);
  switch (frame.kind) {
    case Kind.MethodCall:
      if (doc.methodName === undefined) throw missing('<methodName>');
      return;
    case Kind.MethodResponse:
      if (!doc.hasParams && doc.fault === undefined) throw missing('<params> or <fault>');
      return;
    case Kind.MethodName: doc.methodName = frame.text; return;
    case Kind.Params: doc.hasParams = true; return;
    case Kind.Param:
      if (!frame.hasValue) throw missing('<value>');
      doc.params.push(frame.result);
      return;
    case Kind.Fault:
      if (!frame.hasValue) throw missing('<value>');
      return;
    case Kind.Value: {
      let value: unknown;
      if (frame.children === 0) {
        value = frame.text; // untyped value: a string, whitespace preserved
      } else if (!isBlank(frame.text)) {
        throw new XmlRpcParseError('<value> mixes text with a typed element');
      } else {
        value = frame.result;
      }
      deliverValue(parent!, value, doc);
      return;
    }
    case Kind.Scalar: parent!.result = decodeScalar(frame.tag, frame.text); return;
    case Kind.Nil: parent!.result = null; return;
    case Kind.Struct: case Kind.Array: parent!.result = frame.result; return;
    case Kind.Data: return; // values were appended to the <array>'s list as they closed
    case Kind.Member:
      if (!frame.hasName) throw missing('<name>');
      if (!frame.hasValue) throw missing('<value>');
      setMember(parent!.result as Record<string, unknown>, frame.name!, frame.result);
      return;
    case Kind.Name: parent!.name = frame.text; parent!.hasName = true; return;
  }
}

/** Element kinds whose character data is meaningful; elsewhere only whitespace is allowed. */
function acceptsText(kind: Kind): boolean {
  return kind === Kind.Value || kind === Kind.Scalar || kind === Kind.Name || kind === Kind.MethodName;
}

/**
 * Decodes a raw body the way expat would: BOM first, then the encoding named in the XML
 * declaration, UTF-8 by default. Invalid byte sequences are errors, not replacement characters.
 */
function decodeBody(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return decodeWith('utf-16le', buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return decodeWith('utf-16be', buf.subarray(2));
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return decodeWith('utf-8', buf.subarray(3));
  let encoding = 'utf-8';
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === '<?xml') {
    const end = buf.indexOf('?>');
    const decl = buf.toString('latin1', 0, end < 0 ? Math.min(buf.length, 200) : end);
    const m = /\sencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(decl);
    if (m) encoding = m[2].toLowerCase();
  }
  return decodeWith(encoding, buf);
}

const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin-1', 'latin1', 'l1']);

function decodeWith(encoding: string, buf: Buffer): string {
  // WHATWG's TextDecoder treats ISO-8859-1 as windows-1252; XML (expat) means true Latin-1.
  if (LATIN1_LABELS.has(encoding)) return buf.toString('latin1');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    throw new XmlRpcParseError(`unsupported encoding: ${encoding}`);
  }
  try {
    return decoder.decode(buf);
  } catch {
    throw new XmlRpcParseError(`body is not valid ${encoding}`);
  }
}

/** Runs saxes over the body and builds the document; every failure becomes XmlRpcParseError. */
function parseDocument(xml: string | Buffer, expectedRoot: Document['root']): Document {
  const text = typeof xml === 'string' ? xml : decodeBody(xml);
  const doc: Document = { root: expectedRoot, params: [] };
  const stack: Frame[] = [];
  const parser = new SaxesParser<{}>();

  parser.on('doctype', () => {
    // DTDs are the vehicle for entity expansion (billion laughs) and external entities (XXE).
    throw new XmlRpcParseError('DOCTYPE declarations are not allowed');
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const parent = stack[stack.length - 1];
    let kind: Kind | undefined;
    if (parent === undefined) {
      if (tag.name !== expectedRoot) throw new XmlRpcParseError(`expected <${expectedRoot}>, got <${tag.name}>`);
      kind = expectedRoot === 'methodCall' ? Kind.MethodCall : Kind.MethodResponse;
    } else {
      kind = childKind(parent, tag.name);
      if (kind === undefined) throw new XmlRpcParseError(`unexpected <${tag.name}> in <${parent.tag}>`);
      checkChildOrder(parent, kind, tag.name);
      parent.children++;
    }
    if (stack.length >= MAX_DEPTH) throw new XmlRpcParseError(`document nested deeper than ${MAX_DEPTH} elements`);
    let result: unknown;
    if (kind === Kind.Struct) result = {};
    else if (kind === Kind.Array) result = [];
    else if (kind === Kind.Data) result = parent!.result; // <data> fills its <array>'s list
    stack.push({ kind, tag: tag.name, text: '', children: 0, result });
  });
  const onText = (data: string) => {
    const top = stack[stack.length - 1];
    if (top === undefined) return; // saxes itself rejects non-whitespace outside the root
    if (acceptsText(top.kind)) top.text += data;
    else if (!isBlank(data)) throw new XmlRpcParseError(`unexpected text in <${top.tag}>: ${JSON.stringify(data.slice(0, 40))}`);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    closeFrame(frame, stack[stack.length - 1], doc);
  });

  try {
    // A leading U+FEFF in string input is a byte-order mark, not document content.
    parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).close();
  } catch (err) {
    if (err instanceof XmlRpcParseError) throw err;
    throw new XmlRpcParseError(`malformed XML: ${(err as Error).message}`);
  }
  return doc;
}

/** Parses an XML-RPC request body. Missing `<params>` means no arguments. */
export function parseMethodCall(xml: string | Buffer): { methodName: string; params: unknown[] } {
  const doc = parseDocument(xml, 'methodCall');
  return { methodName: doc.methodName!, params: doc.params };
}

/** Parses an XML-RPC response: returns its single value, or throws `XmlRpcFault`. */
export function parseMethodResponse(xml: string | Buffer): unknown {
  const doc = parseDocument(xml, 'methodResponse');
  if (doc.fault !== undefined) {
    const f = doc.fault as Record<string, unknown>;
    const code = f?.faultCode;
    const message = f?.faultString;
    if ((typeof code !== 'number' && typeof code !== 'string') || typeof message !== 'string') {
      throw new XmlRpcParseError('<fault> must hold a struct with faultCode and faultString');
    }
    throw new XmlRpcFault(code, message);
  }
  if (doc.params.length !== 1) throw new XmlRpcParseError(`response must hold exactly one param, got ${doc.params.length}`);
  return doc.params[0];
}

// ---------------------------------------------------------------------------------------------
// Dumping
// ---------------------------------------------------------------------------------------------

const XML_HEADER = "<?xml version='1.0'?>\n";
const MAXINT = 2 ** 31 - 1;
const MININT = -(2 ** 31);

/** One cheap test tells whether a string needs any rewriting (the common case is "no"). */
const NEEDS_STRING_REWRITE = /[&<>\x00-\x08\x0b\x0c\x0e-\x1f]/;
const CONTROL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
const NEEDS_ESCAPE = /[&<>]/;

/** CPython's xmlrpc.client.escape: only &, < and > are replaced. */
function escape(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** OdooMarshaller.dump_unicode: drop C0 controls except \t \n \r (XML 1.0 forbids them), escape. */
function dumpString(s: string): string {
  if (NEEDS_STRING_REWRITE.test(s)) s = escape(s.replace(CONTROL_CHARS, ''));
  return '<value><string>' + s + '</string></value>\n';
}

/** repr(float): pyFloatRepr is JSON-flavoured for non-finite values; Python prints nan/inf. */
function floatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return pyFloatRepr(v);
}

function dumpInt(v: number | bigint): string {
  if (v > MAXINT || v < MININT) throw new PyOverflowError('int exceeds XML-RPC limits');
  return '<value><int>' + String(v) + '</int></value>\n';
}

function dumpNumber(v: number): string {
  if (Number.isInteger(v)) return dumpInt(v);
  return '<value><double>' + floatRepr(v) + '</double></value>\n';
}

/** base64.encodebytes: 76-character lines, each terminated by a newline. */
function dumpBase64(data: Uint8Array): string {
  const b64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  let out = '<value><base64>\n';
  for (let i = 0; i < b64.length; i += 76) out += b64.slice(i, i + 76) + '\n';
  return out + '</base64></value>\n';
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** xmlrpc.client._strftime for a naive (UTC) datetime: '%4Y%m%dT%H:%M:%S'. */
function dumpDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new PyValueError('cannot marshal an invalid Date');
  const text = String(d.getUTCFullYear()).padStart(4, '0') + pad2(d.getUTCMonth() + 1) + pad2(d.getUTCDate())
    + 'T' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds());
  return '<value><dateTime.iso8601>' + text + '</dateTime.iso8601></value>\n';
}

/** OdooMarshaller.dump_bytes: bytes are sent as their UTF-8 text (Odoo's historical base64 str). */
function decodeUtf8(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    throw new PyValueError("'utf-8' codec can't decode bytes: invalid UTF-8 data");
  }
}

/**
 * Containers on the current path. Like CPython's memo, an entry is removed when its container
 * is finished, so shared (non-recursive) references are fine and only true cycles fail.
 */
type Path = Set<object>;

function dumpArray(list: readonly unknown[], path: Path): string {
  if (path.has(list)) throw new PyTypeError('cannot marshal recursive sequences');
  path.add(list);
  let out = '<value><array><data>\n';
  for (let i = 0; i < list.length; i++) out += dumpValue(list[i], path);
  path.delete(list);
  return out + '</data></array></value>\n';
}

/**
 * `<member>\n<name>key</name>\n` per key. Responses repeat the same field names in every record,
 * so the opening is cached (bounded, to stay harmless with arbitrary keys).
 */
const memberOpenings = new Map<string, string>();
const MAX_CACHED_KEYS = 4096;
const MAX_CACHED_KEY_LENGTH = 64;

function memberOpening(key: string): string {
  let opening = memberOpenings.get(key);
  if (opening === undefined) {
    // Keys are only escaped, never stripped of control characters: CPython's dump_struct.
    opening = '<member>\n<name>' + escape(key) + '</name>\n';
    if (key.length <= MAX_CACHED_KEY_LENGTH) {
      if (memberOpenings.size >= MAX_CACHED_KEYS) memberOpenings.clear();
      memberOpenings.set(key, opening);
    }
  }
  return opening;
}

function dumpMember(key: string, value: unknown, path: Path): string {
  return memberOpening(key) + dumpValue(value, path) + '</member>\n';
}

function dumpStruct(obj: object, path: Path): string {
  if (path.has(obj)) throw new PyTypeError('cannot marshal recursive dictionaries');
  path.add(obj);
  let out = '<value><struct>\n';
  if (obj instanceof Map) {
    for (const [k, v] of obj) {
      if (typeof k !== 'string') throw new PyTypeError('dictionary key must be string');
      out += dumpMember(k, v, path);
    }
  } else {
    const rec = obj as Record<string, unknown>;
    const keys = Object.keys(rec);
    for (let i = 0; i < keys.length; i++) out += dumpMember(keys[i], rec[keys[i]], path);
  }
  path.delete(obj);
  return out + '</struct></value>\n';
}

/** Python-style type name for "cannot marshal <class 'X'> objects". */
function pyClassName(value: unknown): string {
  switch (typeof value) {
    case 'function': return 'function';
    case 'symbol': return 'symbol';
    default: {
      if (value instanceof Set) return 'set';
      const ctor = (value as object)?.constructor;
      return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
    }
  }
}

function cannotMarshal(value: unknown): never {
  throw new PyTypeError(`cannot marshal <class '${pyClassName(value)}'> objects`);
}

function dumpObject(value: object, path: Path): string {
  if (Array.isArray(value)) return dumpArray(value, path);
  if (value instanceof PyFloat) return '<value><double>' + floatRepr(value.value) + '</double></value>\n';
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return dumpStruct(value, path);
  if (value instanceof Uint8Array) return dumpString(decodeUtf8(value)); // Buffer is a Uint8Array
  if (value instanceof XmlRpcBinary) return dumpBase64(value.data);
  if (value instanceof XmlRpcDateTime) return '<value><dateTime.iso8601>' + value.value + '</dateTime.iso8601></value>\n';
  if (value instanceof Date) return dumpDate(value);
  if (value instanceof Map) return dumpStruct(value, path);
  if (value instanceof String || value instanceof Number || value instanceof Boolean) {
    return dumpValue(value.valueOf(), path);
  }
  if (value instanceof Set || value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) {
    cannotMarshal(value);
  }
  // a recordset in a result (compute_all's `group`): JSON-RPC writes its repr, XML-RPC cannot
  const record = value as { _name?: unknown; ids?: unknown; env?: unknown };
  if (typeof record._name === 'string' && Array.isArray(record.ids) && record.env) {
    throw new PyTypeError(`cannot marshal <class 'odoo.api.${record._name}'> objects`);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const replacement: unknown = toJSON.call(value);
    if (replacement === value) cannotMarshal(value);
    return dumpValue(replacement, path);
  }
  // Python marshals arbitrary instances as a struct of their __dict__.
  return dumpStruct(value, path);
}

function dumpValue(value: unknown, path: Path): string {
  switch (typeof value) {
    case 'string': return dumpString(value);
    case 'number': return dumpNumber(value);
    case 'boolean': return value ? '<value><boolean>1</boolean></value>\n' : '<value><boolean>0</boolean></value>\n';
    case 'object':
      if (value === null) break;
      return dumpObject(value, path);
    case 'undefined': break;
    case 'bigint': return dumpInt(value); // a bigint is a Python int
    default: cannotMarshal(value);
  }
  throw new PyTypeError('cannot marshal None unless allow_none is enabled');
}

/** `xmlrpc.client.dumps((value,), methodresponse=1, allow_none=False)` with Odoo's marshaller. */
export function dumpMethodResponse(value: unknown): string {
  return XML_HEADER + '<methodResponse>\n<params>\n<param>\n' + dumpValue(value, new Set())
    + '</param>\n</params>\n</methodResponse>\n';
}

/**
 * The same response as dumpMethodResponse for a list, in three parts: what comes before the
 * elements, one element, what comes after (a streamed answer, rpc/service/streamed.ts).
 */
export const methodResponseList = {
  head: XML_HEADER + '<methodResponse>\n<params>\n<param>\n<value><array><data>\n',
  element: (value: unknown): string => dumpValue(value, new Set()),
  tail: '</data></array></value>\n</param>\n</params>\n</methodResponse>\n',
};

/** `xmlrpc.client.dumps(Fault(faultCode, faultString))`. */
export function dumpFault(faultCode: number | string, faultString: string): string {
  const struct = dumpStruct({ faultCode, faultString }, new Set());
  return XML_HEADER + '<methodResponse>\n<fault>\n' + struct + '</fault>\n</methodResponse>\n';
}

/** `xmlrpc.client.dumps(tuple(params), methodName)`: a request, as a client would send it. */
export function dumpMethodCall(methodName: string, params: unknown[]): string {
  const path: Path = new Set();
  let out = XML_HEADER + '<methodCall>\n<methodName>' + escape(methodName) + '</methodName>\n<params>\n';
  for (const p of params) out += '<param>\n' + dumpValue(p, path) + '</param>\n';
  return out + '</params>\n</methodCall>\n';
}
