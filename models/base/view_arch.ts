/**
 * View architectures as XML documents (@xmldom/xmldom, XPath 1.0 by the xpath package):
 * parsing, serialization like lxml's tostring, and Odoo's inheritance specs
 * (odoo/tools/template_inheritance.py apply_inheritance_specs: <xpath expr>, element
 * shorthands, positions inside/after/before/replace/attributes/move).
 */
import type { Document, Element, Node } from '@xmldom/xmldom';
import type * as XPath from 'xpath';
import { PyValueError } from '../orm/exceptions';

/**
 * The XML libraries load with the first view architecture (about 20 ms): a server started from a
 * cached database image may never need them.
 */
let xml: { xmldom: typeof import('@xmldom/xmldom'); xpath: typeof XPath } | null = null;
function libs(): NonNullable<typeof xml> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (xml ??= { xmldom: require('@xmldom/xmldom'), xpath: require('xpath') });
}

const ELEMENT = 1;
const TEXT = 3;

export function parseArch(arch: string): Element {
  const errors: string[] = [];
  const doc = new (libs().xmldom.DOMParser)({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(arch.trim(), 'text/xml');
  if (errors.length || !doc.documentElement) throw new PyValueError(`Invalid view architecture: ${errors[0] ?? 'empty document'}`);
  return doc.documentElement;
}

export function serializeArch(node: Node): string {
  return new (libs().xmldom.XMLSerializer)().serializeToString(node);
}

export function elementChildren(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT) out.push(c as Element);
  return out;
}

/** A new element in the document of `like`. */
export function makeElement(like: Node, tag: string, attrs: Record<string, string> = {}, children: Node[] = []): Element {
  const doc = (like.ownerDocument ?? like) as Document;
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.appendChild(c);
  return el;
}

function describe(spec: Element): string {
  return serializeArch(spec.cloneNode(false)).replace(/\/>$/, '>');
}

/** locate_node: an <xpath> spec by its expression, any other spec by tag and attributes. */
function locateNode(arch: Element, spec: Element): Element | null {
  if (spec.tagName === 'xpath') {
    const expr = spec.getAttribute('expr') ?? '';
    // the arch root is the context node, and a path from the root starts at its document
    const found = libs().xpath.select(expr, arch as unknown as globalThis.Node) as unknown as Node[];
    const first = Array.isArray(found) ? found.find((n) => n.nodeType === ELEMENT) : null;
    return (first as Element) ?? null;
  }
  const candidates = [arch, ...(libs().xpath.select(`.//${spec.tagName}`, arch as unknown as globalThis.Node) as unknown as Element[])];
  for (const node of candidates) {
    if (node.tagName !== spec.tagName) continue;
    let match = true;
    for (let i = 0; i < spec.attributes.length; i++) {
      const a = spec.attributes[i];
      if (a.name === 'position' || a.name === 'version') continue;
      if (node.getAttribute(a.name) !== a.value) { match = false; break; }
    }
    if (match) return node;
  }
  return null;
}

function insertAfter(node: Node, ref: Node): void {
  const parent = ref.parentNode!;
  if (ref.nextSibling) parent.insertBefore(node, ref.nextSibling);
  else parent.appendChild(node);
}

/** Children of a spec to insert, `position="move"` children taken from the arch first. */
function specContent(arch: Element, spec: Element): Node[] {
  const out: Node[] = [];
  for (let c = spec.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT && (c as Element).getAttribute('position') === 'move') {
      const moved = locateNode(arch, c as Element);
      if (!moved) throw new PyValueError(`Element '${describe(c as Element)}' cannot be located in parent view`);
      moved.parentNode!.removeChild(moved);
      out.push(moved);
      continue;
    }
    out.push(arch.ownerDocument!.importNode(c, true));
  }
  return out;
}

/** Apply one inheriting view's arch (a <data> of specs or a single spec) to `arch`; returns the new root. */
export function applyInheritanceSpecs(source: Element, specsArch: Element): Element {
  let arch = source;
  const specs = specsArch.tagName === 'data' ? elementChildren(specsArch) : [specsArch];
  for (const spec of specs) {
    if (spec.tagName === 'data') {
      arch = applyInheritanceSpecs(arch, spec);
      continue;
    }
    const node = locateNode(arch, spec);
    if (!node) throw new PyValueError(`Element '${describe(spec)}' cannot be located in parent view`);
    const pos = spec.getAttribute('position') || 'inside';
    if (pos === 'replace') {
      const content = specContent(arch, spec);
      if (node === arch) {
        const root = content.find((n) => n.nodeType === ELEMENT) as Element | undefined;
        if (!root) throw new PyValueError('Invalid specification: a replacement of the root must hold one element');
        arch = root;
        continue;
      }
      for (const c of content) node.parentNode!.insertBefore(c, node);
      node.parentNode!.removeChild(node);
    } else if (pos === 'attributes') {
      for (const child of elementChildren(spec)) {
        if (child.tagName !== 'attribute') continue;
        const name = child.getAttribute('name')!;
        const value = (child.textContent ?? '');
        const add = child.getAttribute('add');
        const remove = child.getAttribute('remove');
        if (add || remove) {
          const sep = child.getAttribute('separator') ?? ',';
          const trim = (s: string) => (sep.trim() ? s.trim() : s);
          let values = (node.getAttribute(name) ?? '').split(sep).map(trim).filter(Boolean);
          const toRemove = (remove ?? '').split(sep).map(trim).filter(Boolean);
          values = values.filter((v) => !toRemove.includes(v));
          for (const v of (add ?? '').split(sep).map(trim).filter(Boolean)) if (!values.includes(v)) values.push(v);
          const joined = values.join(sep === ',' ? ',' : sep);
          if (joined) node.setAttribute(name, joined);
          else node.removeAttribute(name);
        } else if (value) node.setAttribute(name, value);
        else node.removeAttribute(name);
      }
    } else if (pos === 'inside') {
      for (const c of specContent(arch, spec)) node.appendChild(c);
    } else if (pos === 'after') {
      let ref: Node = node;
      for (const c of specContent(arch, spec)) { insertAfter(c, ref); ref = c; }
    } else if (pos === 'before') {
      for (const c of specContent(arch, spec)) node.parentNode!.insertBefore(c, node);
    } else {
      throw new PyValueError(`Invalid position attribute: '${pos}'`);
    }
  }
  return arch;
}

/** Remove whitespace-only text around elements the way no-op (kept: Odoo keeps the file's text). */
export function isText(node: Node): boolean {
  return node.nodeType === TEXT;
}
