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
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly pyMessage: string, readonly sourceLine: string,
    readonly pyClass: 'SyntaxError' | 'IndentationError' = 'SyntaxError') {
    super(`  File "${file}", line ${line}\n    ${sourceLine.trim()}\n${pyClass}: ${pyMessage}`);
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
  // tree-sitter's grammar forgives some indentation that CPython refuses: checked first
  const indentation = indentationError(source, file);
  if (indentation) throw indentation;
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
  } else if (node && /^\s*(class|def|if|elif|else|for|while|with|try|except|finally)\b[^:]*$/.test(lines[row] ?? '')) {
    message = "expected ':'";
  }
  return new PythonSyntaxError(file, row + 1, col + 1, message, lines[row] ?? '');
}

/**
 * CPython's indentation rules over logical lines (bracketed and backslash-continued lines and
 * strings belong to the line that starts them): a block opener needs a deeper line after it, a
 * deeper line needs an opener, a shallower one must match an enclosing level.
 */
function indentationError(source: string, file: string): PythonSyntaxError | null {
  const lines = source.split('\n');
  const starts = logicalLineStarts(source);
  const stack = [0];
  let opener: { row: number; kind: string } | null = null;
  let previous: number | null = null;
  for (const row of starts) {
    const text = lines[row];
    const trimmed = text.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = text.length - text.trimStart().length;
    const top = stack[stack.length - 1];
    if (opener) {
      if (indent <= top) return new PythonSyntaxError(file, row + 1, 1, `expected an indented block after ${BLOCK_KINDS[opener.kind]} on line ${opener.row + 1}`, text, 'IndentationError');
      stack.push(indent);
    } else if (indent > top) {
      // `class A(models.Model)` without its colon: CPython names the colon, on that line
      if (previous && /^(?:async\s+)?(def|class|if|elif|else|for|while|with|try|except|finally)\b/.test(lines[previous].trim())) {
        return new PythonSyntaxError(file, previous + 1, lines[previous].trimEnd().length + 1, "expected ':'", lines[previous]);
      }
      return new PythonSyntaxError(file, row + 1, indent + 1, 'unexpected indent', text, 'IndentationError');
    } else if (indent < top) {
      while (stack.length > 1 && stack[stack.length - 1] > indent) stack.pop();
      if (stack[stack.length - 1] !== indent) return new PythonSyntaxError(file, row + 1, indent + 1, 'unindent does not match any outer indentation level', text, 'IndentationError');
    }
    opener = null;
    previous = row;
    const m = /^(?:async\s+)?(def|class|if|elif|else|for|while|with|try|except|finally|match|case)\b/.exec(trimmed);
    const logicalEnd = endOfLogicalLine(lines, starts, row);
    if (m && /:\s*(#.*)?$/.test(logicalEnd)) opener = { row, kind: m[1] };
  }
  if (opener) return new PythonSyntaxError(file, lines.length, 1, `expected an indented block after ${BLOCK_KINDS[opener.kind]} on line ${opener.row + 1}`, lines[opener.row], 'IndentationError');
  return null;
}

/** The text of the physical line ending a logical line (the line before the next logical start). */
function endOfLogicalLine(lines: string[], starts: number[], row: number): string {
  const i = starts.indexOf(row);
  const next = i + 1 < starts.length ? starts[i + 1] : lines.length;
  return lines[Math.max(row, next - 1)] ?? '';
}

/** 0-based rows where logical lines start (outside brackets, strings and backslash continuations). */
function logicalLineStarts(source: string): number[] {
  const out: number[] = [0];
  let depth = 0;
  let row = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '#') { while (i + 1 < source.length && source[i + 1] !== '\n') i++; continue; }
    if (c === '\\' && source[i + 1] === '\n') { i++; row++; continue; }
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const end = triple ? c.repeat(3) : c;
      let j = i + end.length;
      while (j < source.length && !source.startsWith(end, j)) {
        if (source[j] === '\\') { if (source[j + 1] === '\n') row++; j += 2; continue; }
        if (source[j] === '\n') { if (!triple) break; row++; }
        j++;
      }
      i = j + end.length - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '\n') {
      row++;
      if (depth === 0) out.push(row);
    }
  }
  return out;
}

const BLOCK_KINDS: Record<string, string> = {
  def: 'function definition', class: 'class definition', if: "'if' statement", elif: "'elif' statement",
  else: "'else' statement", for: "'for' statement", while: "'while' statement", with: "'with' statement",
  try: "'try' statement", except: "'except' statement", finally: "'finally' statement",
  match: "'match' statement", case: "'case' statement",
};



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
