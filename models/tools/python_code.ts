/**
 * The Python code of server actions and scheduled actions (ir.actions.server `code`, ir.cron),
 * run with the safe evaluator one statement per line: `name = expression` assigns, any other
 * line is an expression evaluated for its effect (`model._gc_file_store()`), comments and blank
 * lines are skipped. Compound statements (if/for/def) are outside this subset and raise.
 */
import { safeEval } from './safe_eval';
import { PyValueError } from '../orm/exceptions';
import { BaseModel } from '../orm/model';

/**
 * A recordset as server-action code sees it: fields as in rule domains, plus the model's methods
 * (`records.action_archive()`, `model._gc_file_store()`). Only code of actions and crons gets
 * this; record rules and other evaluated expressions see fields only.
 */
export function codeRecordset(records: BaseModel): object {
  return {
    __getattr__(name: string): unknown {
      const fn = (records as unknown as Record<string, unknown>)[name];
      if (!records.cls._fields[name] && typeof fn === 'function' && !(name in Object.prototype) && name !== 'constructor') {
        return (...args: unknown[]) => wrap((fn as (...a: unknown[]) => unknown).apply(records, args));
      }
      return wrap(records.__getattr__(name));
    },
    __repr__: () => records.toString(),
    __len__: () => records.ids.length,
    __bool__: () => records.ids.length > 0,
    [Symbol.iterator]: function* iterate() { for (const r of records) yield codeRecordset(r as BaseModel); },
  };
}

function wrap(v: unknown): unknown {
  return v instanceof BaseModel ? codeRecordset(v) : v;
}

const ASSIGN = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/;

/** Run `code` with `context` as its globals; returns the variables at the end (e.g. `action`). */
export function runPythonCode(code: string, context: Record<string, unknown>): Record<string, unknown> {
  const scope: Record<string, unknown> = { ...context };
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    // statements continued over several lines: until brackets balance
    while (unbalanced(line) && i + 1 < lines.length) line += `\n${lines[++i]}`;
    const stmt = line.trim();
    if (/^(if|for|while|def|class|with|try|import|from)\b/.test(stmt) || stmt.endsWith(':')) {
      throw new PyValueError(`Unsupported statement in server action code: ${stmt.split('\n')[0]}`);
    }
    const m = ASSIGN.exec(stmt);
    if (m) scope[m[1]] = safeEval(m[2], scope);
    else safeEval(stmt, scope);
  }
  return scope;
}

function unbalanced(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') break;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
  }
  return depth > 0;
}
