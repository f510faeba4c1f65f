/**
 * Real SMTP delivery (smtp_server / smtp_port / email_from as in odoo.conf): mails are handed to an
 * SMTP server after the transaction commits, and marked sent; a failing server marks them
 * exception with the reason. The local SMTP server is the smtp-server package on loopback.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'net';
import { startTestServer, JsonClient, type TestServer } from '../helpers/server';

interface Received { from: string; to: string[]; data: string }

function startSmtp(reject = false): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => { data += c.toString(); });
      stream.on('end', () => {
        if (reject) return cb(new Error('550 mailbox unavailable'));
        received.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port, received })));
}

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SMTP delivery', () => {
  let srv: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  afterEach(async () => {
    await srv?.close();
    await new Promise<void>((r) => smtp?.server.close(() => r()));
  });

  it('the reset mail reaches the SMTP server and is marked sent', async () => {
    smtp = await startSmtp();
    srv = await startTestServer({ smtp_server: '127.0.0.1', smtp_port: smtp.port, email_from: 'odoo@example.com' });
    const c = new JsonClient(srv.url);
    const r = await c.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.users', 'reset_password', [[], 'portal']);
    expect(r.result).toBe(true);
    const msg = await waitFor(async () => smtp.received[0]);
    expect(msg.to).toEqual(['joel.willis63@example.com']);
    expect(msg.data).toContain('Subject: Password reset');
    expect(msg.data).toMatch(/reset_password\?db=/);
    const state = await waitFor(async () => {
      const rows = (await c.service('object', 'execute_kw', srv.db, 2, 'admin', 'mail.mail', 'search_read', [[['subject', '=', 'Password reset']], ['state']])).result;
      return rows[0]?.state === 'sent' ? rows[0].state : undefined;
    });
    expect(state).toBe('sent');
  });

  it('a refusing SMTP server marks the mail as exception with the reason', async () => {
    smtp = await startSmtp(true);
    srv = await startTestServer({ smtp_server: '127.0.0.1', smtp_port: smtp.port });
    const c = new JsonClient(srv.url);
    await c.service('object', 'execute_kw', srv.db, 2, 'admin', 'res.users', 'reset_password', [[], 'portal']);
    const row = await waitFor(async () => {
      const rows = (await c.service('object', 'execute_kw', srv.db, 2, 'admin', 'mail.mail', 'search_read', [[['subject', '=', 'Password reset']], ['state', 'failure_type', 'failure_reason']])).result;
      return rows[0]?.state === 'exception' ? rows[0] : undefined;
    });
    expect(row.failure_type).toBe('mail_smtp');
    expect(row.failure_reason).toContain('550');
  });
});
