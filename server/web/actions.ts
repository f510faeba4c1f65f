/**
 * /web/action/load: the window actions declared by our addons, looked up by id or xml id.
 * An unknown action gives False, as Odoo 17's Action.load when the record does not exist.
 */
import type { Database } from '../../models/database';
import { MissingError } from '../../models/orm/exceptions';

/** Actions registered by addons: xml id → action dict (without id). */
export const windowActions = new Map<string, Record<string, unknown>>();

export function loadAction(db: Database, uid: number, actionId: unknown, additionalContext: unknown): unknown {
  let xmlid: string | null = null;
  if (typeof actionId === 'string' && actionId.includes('.')) xmlid = actionId;
  else if (typeof actionId === 'number' || (typeof actionId === 'string' && /^\d+$/.test(actionId))) {
    const n = Number(actionId);
    for (const key of windowActions.keys()) if (actionNumericId(key) === n) xmlid = key;
  }
  if (!xmlid || !windowActions.has(xmlid)) {
    if (typeof actionId === 'string' && actionId.includes('.')) throw new MissingError(`The action '${actionId}' does not exist.`);
    return false;
  }
  void db; void uid;
  const action: Record<string, unknown> = { id: actionNumericId(xmlid), xml_id: xmlid, ...windowActions.get(xmlid)! };
  if (additionalContext && typeof additionalContext === 'object') action.context = { ...(action.context as object ?? {}), ...(additionalContext as object) };
  return action;
}

/** Stable numeric ids for registered actions (1000 + registration order). */
function actionNumericId(xmlid: string): number {
  return 1000 + [...windowActions.keys()].indexOf(xmlid);
}
