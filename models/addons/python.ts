/**
 * Python source, parsed, never run: tree-sitter's Python grammar (tree-sitter-python's WASM build)
 * through web-tree-sitter. The grammar is loaded once per process (asynchronously: WebAssembly
 * instantiation); parsing is synchronous afterwards. See README "Libraries, and why".
 */
import fs from 'fs';
import path from 'path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type PyNode = Node;

let parser: Parser | null = null;
let loading: Promise<Parser> | null = null;

/** Load the grammar (once). Everything reading Python waits for this first. */
export function loadPythonParser(): Promise<Parser> {
  if (parser) return Promise.resolve(parser);
  loading ??= (async () => {
    await Parser.init();
    const wasm = path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm');
    // bytes rather than a path: web-tree-sitter reads paths with a dynamic import(), which
    // jest's module sandbox refuses
    const language = await Language.load(new Uint8Array(fs.readFileSync(wasm)));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return loading;
}

/** Whether loadPythonParser() has completed (synchronous callers check this first). */
export function pythonParserReady(): boolean { return parser !== null; }

/** A syntax error located as CPython reports it: file, 1-based line and column, message. */
export class PythonSyntaxError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly pyMessage: string, readonly sourceLine: string) {
    super(`  File "${file}", line ${line}\n    ${sourceLine.trim()}\nSyntaxError: ${pyMessage}`);
  }
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Parse a file's text. A syntax error raises PythonSyntaxError with the first error's position
 * and CPython's wording for the common cases ("'(' was never closed", "expected ':'",
 * "unexpected indent", otherwise "invalid syntax").
 */
export function parsePython(source: string, file: string): Tree {
  if (!parser) throw new Error('the Python grammar is not loaded (await loadPythonParser() first)');
  const tree = parser.parse(source);
  if (!tree) throw new Error(`could not parse ${file}`);
  if (tree.rootNode.hasError) {
    const err = describeError(tree.rootNode, source, file);
    tree.delete();
    throw err;
  }
  return tree;
}

function describeError(root: Node, source: string, file: string): PythonSyntaxError {
  const lines = source.split('\n');
  // an opening bracket never closed: CPython names the bracket and its line
  const open = unclosedBracket(source);
  if (open) return new PythonSyntaxError(file, open.line, open.column, `'${open.char}' was never closed`, lines[open.line - 1] ?? '');
  let first: Node | null = null;
  const visit = (n: Node) => {
    if (first) return;
    if (n.isMissing || n.isError) { first = n; return; }
    if (!n.hasError) return;
    for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  const node = first as Node | null;
  const row = node ? node.startPosition.row : 0;
  const col = node ? node.startPosition.column : 0;
  let message = 'invalid syntax';
  if (node?.isMissing) {
    const wanted = node.type;
    if (wanted === ':') message = "expected ':'";
    else if (wanted === 'identifier') message = 'invalid syntax';
    else if (/^[)\]}]$/.test(wanted)) message = 'invalid syntax';
    else message = `expected '${wanted}'`;
  } else if (node && /^\s+\S/.test(lines[row] ?? '') && indentError(lines, row)) {
    message = 'unexpected indent';
  }
  return new PythonSyntaxError(file, row + 1, col + 1, message, lines[row] ?? '');
}

/** A line indented deeper than the previous code line without a block opener before it. */
function indentError(lines: string[], row: number): boolean {
  const indent = (s: string) => s.length - s.trimStart().length;
  for (let r = row - 1; r >= 0; r--) {
    const prev = lines[r];
    if (!prev.trim() || prev.trim().startsWith('#')) continue;
    return indent(lines[row]) > indent(prev) && !prev.trimEnd().endsWith(':') && !/[([{,\\]$/.test(prev.trimEnd());
  }
  return indent(lines[row]) > 0;
}

/** The first bracket left open at the end of the file (strings and comments skipped). */
function unclosedBracket(source: string): { char: string; line: number; column: number } | null {
  const stack: Array<{ char: string; line: number; column: number }> = [];
  let line = 1;
  let col = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    col++;
    if (c === '\n') { line++; col = 0; continue; }
    if (c === '#') { while (i + 1 < source.length && source[i + 1] !== '\n') i++; continue; }
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const end = triple ? c.repeat(3) : c;
      let j = i + end.length;
      while (j < source.length && !source.startsWith(end, j)) {
        if (source[j] === '\\') j++;
        else if (!triple && source[j] === '\n') break;
        if (source[j] === '\n') line++;
        j++;
      }
      col += j - i;
      i = j + end.length - 1;
      continue;
    }
    if (c in CLOSERS) stack.push({ char: c, line, column: col });
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.length && CLOSERS[stack[stack.length - 1].char] === c) stack.pop();
      else return null; // mismatched closer: not the "never closed" case
    }
  }
  return stack[0] ?? null;
}

/** The named child for a field, or null. */
export function field(n: Node, name: string): Node | null {
  return n.childForFieldName(name);
}

/** Named children without comments. */
export function kids(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** 1-based line of a node. */
export function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}
