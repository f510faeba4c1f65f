/**
 * /xmlrpc/2/<service>, legacy /xmlrpc/<service> and /jsonrpc (odoo/addons/base/controllers/rpc.py).
 * They read no cookie and write none; the database comes from the arguments.
 */
import type { Express, Request, Response } from 'express';
import { dispatchRpc } from '../../rpc/service/dispatch';
import { parseMethodCall, dumpMethodResponse, dumpFault } from '../../rpc/xmlrpc/codec';
import { xmlrpcFaultInt, xmlrpcFaultString } from '../../rpc/errors';
import { htmlError, jsonRoute, rpcContext, type App } from '../http';

function xmlrpcHandler(app: App, legacy: boolean) {
  return (req: Request, res: Response) => {
    let xml: string;
    try {
      const { methodName, params } = parseMethodCall(Buffer.isBuffer(req.body) ? req.body : Buffer.from(''));
      const result = dispatchRpc(rpcContext(app, req), req.params.service, methodName, params);
      xml = dumpMethodResponse(result);
    } catch (e) {
      const [code, text] = legacy ? xmlrpcFaultString(e) : xmlrpcFaultInt(e);
      xml = dumpFault(code, text);
    }
    res.status(200).type('text/xml; charset=utf-8').send(xml);
  };
}

export function registerRpcRoutes(server: Express, app: App): void {
  for (const [path, legacy] of [['/xmlrpc/2/:service', false], ['/xmlrpc/:service', true]] as const) {
    server.post(path, xmlrpcHandler(app, legacy));
    server.all(path, (_req, res) => {
      res.setHeader('Allow', 'POST');
      htmlError(res, 405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
    });
  }
  server.all('/jsonrpc', jsonRoute(app, { auth: 'none', saveSession: false }, (ctx, params) => {
    for (const key of ['service', 'method', 'args']) {
      if (!(key in params)) throw new (require('../../models/orm/exceptions').PyTypeError)(`jsonrpc() missing 1 required positional argument: '${key}'`);
    }
    return dispatchRpc(rpcContext(app, ctx.req), params.service, params.method, params.args);
  }));
}
