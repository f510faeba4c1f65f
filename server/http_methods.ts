/**
 * Requests Node's HTTP parser does not hand to the app as ordinary requests still get an HTTP
 * answer, as werkzeug gives one to every request line:
 * - CONNECT (Node emits 'connect' and, with no listener, drops the connection): served by the
 *   app like any other method, on a response object attached to the socket;
 * - request lines or headers Node cannot parse (unknown methods such as FOO, malformed
 *   headers): werkzeug's 400 Bad Request page, then the connection is closed.
 */
import http from 'http';
import type { Duplex } from 'stream';

const BAD_REQUEST = '<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n'
  + '<p>The browser (or proxy) sent a request that this server could not understand.</p>\n';

export function answerEveryMethod(server: http.Server, handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): void {
  server.on('connect', (req: http.IncomingMessage, socket: Duplex) => {
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as import('net').Socket);
    res.on('finish', () => {
      res.detachSocket(socket as import('net').Socket);
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    // a CONNECT request has no body: end its stream so body readers finish
    req.push(null);
    handler(req, res);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = Buffer.from(BAD_REQUEST, 'utf8');
    socket.end(`HTTP/1.1 400 BAD REQUEST\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${BAD_REQUEST}`);
  });
}
