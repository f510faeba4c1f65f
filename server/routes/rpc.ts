/**
 * /xmlrpc/2/<service>, legacy /xmlrpc/<service> and /jsonrpc (odoo/addons/base/controllers/rpc.py).
 * They read no cookie and write none; the database comes from the arguments.
 */
import type { Express, Request, Response } from 'express';
import { dispatchRpc } from '../../rpc/service/dispatch';
import { parseMethodCall, dumpMethodResponse, dumpFault, methodResponseList } from '../../rpc/xmlrpc/codec';
import { sendStreamed, StreamedList } from '../streamed_answer';
import { xmlrpcFaultInt, xmlrpcFaultString } from '../../rpc/errors';
import { addFastRoute, htmlError, jsonRoute, rpcContext, sendText, type App } from '../http';
import { PyTypeError } from '../../models/orm/exceptions';
import { beginCall, serviceCall, type CallRecord } from '../control/calls';

function xmlrpcHandler(app: App, legacy: boolean) {
  return (req: Request, res: Response) => {
    let call: CallRecord | null = null;
    const fail = (e: unknown) => {
      call?.failed(e);
      const [code, text] = legacy ? xmlrpcFaultString(e) : xmlrpcFaultInt(e);
      sendText(res, 200, 'text/xml; charset=utf-8', dumpFault(code, text));
    };
    const answer = (result: unknown) => {
      if (result instanceof StreamedList) {
        call?.done(result);
        if (sendStreamed(app, res, result, { contentType: 'text/xml; charset=utf-8', ...methodResponseList, separator: '' })) return;
        result = result.toArray();
      }
      let xml: string;
      try {
        xml = dumpMethodResponse(result);
      } catch (e) {
        fail(e);
        return;
      }
      call?.done(result);
      sendText(res, 200, 'text/xml; charset=utf-8', xml);
    };
    let result: unknown;
    try {
      const { methodName, params } = parseMethodCall(Buffer.isBuffer(req.body) ? req.body : Buffer.from(''));
      const rec = beginCall(app.control, res, serviceCall(req.path, legacy ? 'xmlrpc-legacy' : 'xmlrpc', req.params.service, methodName, params));
      call = rec;
      result = dispatchRpc(rpcContext(app, req, () => rec?.raiseFault()), req.params.service, methodName, params);
    } catch (e) {
      fail(e);
      return;
    }
    // a service that works off this thread (db.create_database) answers later
    if (result instanceof Promise) result.then(answer, fail);
    else answer(result);
  };
}

export function registerRpcRoutes(server: Express, app: App): void {
  for (const [path, legacy, fast] of [['/xmlrpc/2/:service', false, /^\/xmlrpc\/2\/([^/]+)$/], ['/xmlrpc/:service', true, /^\/xmlrpc\/([^/]+)$/]] as const) {
    const handler = xmlrpcHandler(app, legacy);
    server.post(path, handler);
    addFastRoute(app, fast, ['service'], handler);
    server.all(path, (_req, res) => {
      res.setHeader('Allow', 'POST');
      htmlError(res, 405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
    });
  }
  const jsonrpc = jsonRoute(app, { auth: 'none', saveSession: false, journal: false }, (ctx, params) => {
    const call = beginCall(app.control, ctx.res, serviceCall(ctx.req.path, 'jsonrpc', params.service, params.method, params.args));
    const missing = ['service', 'method', 'args'].filter((k) => !(k in params)).map((k) => `'${k}'`);
    if (missing.length) {
      const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
      throw new PyTypeError(`RPC.jsonrpc() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
    }
    return dispatchRpc(rpcContext(app, ctx.req, () => call?.raiseFault()), params.service, params.method, params.args);
  });
  server.all('/jsonrpc', jsonrpc);
  addFastRoute(app, /^\/jsonrpc$/, [], jsonrpc);
}
