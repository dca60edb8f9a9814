/**
 * The state rules and the error table (A-MAN §17.2 notes, §17.3.1): STOP only
 * after LOGOUT, TYPE only after LOGIN, one operation at a time, the codes a
 * real server's refusals and the fault plan's network failures produce, and
 * a server that closes an idle session (`+CFTPSNOTIFY: PEER CLOSED`, then 421
 * until LOGOUT and a new LOGIN).
 */
import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { Rig, type CftpsModelName } from './rig.js';

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'here.txt'), 'hello');
  await writeFile(join(server.root, 'big.bin'), Buffer.alloc(200_000, 7));
});
afterAll(async () => {
  await server.stop();
});

const line = (text: string): string => `\r\n${text}\r\n`;
const OK = line('OK');
const ERROR = line('ERROR');

/**
 * A control-connection relay in front of the server that, on `idle()`, does
 * what a server's idle timeout does: `421`, then it closes the connection.
 */
async function idleRelay(target: number): Promise<{ port: number; idle(): void; close(): Promise<void> }> {
  const clients = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    clients.add(client);
    client.pipe(upstream).pipe(client);
    const drop = (): void => void (client.destroy(), upstream.destroy(), clients.delete(client));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as net.AddressInfo).port,
    idle: () => {
      for (const c of clients) c.end('421 Timeout (idle): closing control connection.\r\n');
    },
    close: () => new Promise((resolve) => relay.close(() => resolve())),
  };
}

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s', (model) => {
  let rig: Rig;
  afterEach(async () => {
    await rig.model.close();
  });
  const boot = async (faults = {}): Promise<Rig> => {
    rig = new Rig(model, { faults });
    await rig.boot();
    return rig;
  };
  const result = (command: string, name: string): Promise<string> => rig.at(command, `${name}: `).then(async (head) => head + (await rig.take('\r\n')).toString('latin1'));

  it('refuses FTP commands before START and LOGIN, a second START, TYPE before LOGIN, STOP before LOGOUT', async () => {
    await boot();
    expect(await rig.at('AT+CFTPSPWD', ERROR)).toBe(ERROR);
    expect(await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"test","test",0`, ERROR)).toBe(ERROR);
    await rig.at('AT+CFTPSSTART', '+CFTPSSTART: 0\r\n');
    expect(await rig.at('AT+CFTPSSTART', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTPSTYPE=I', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTPSGET="here.txt"', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTPSLOGIN?')).toBe(line('+CFTPSLOGIN: 0') + OK);
    await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN: 0\r\n');
    expect(await rig.at('AT+CFTPSLOGIN?')).toBe(line('+CFTPSLOGIN: 1') + OK);
    expect(await rig.at('AT+CFTPSSINGLEIP=1', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTPSTYPE=A', '+CFTPSTYPE: 0\r\n')).toBe(OK + line('+CFTPSTYPE: 0'));
    expect(await rig.at('AT+CFTPSTYPE?')).toBe(line('+CFTPSTYPE: A') + OK);
    expect(await rig.at('AT+CFTPSSTOP', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTPSLOGOUT', '+CFTPSLOGOUT: 0\r\n')).toBe(OK + line('+CFTPSLOGOUT: 0'));
    expect(await rig.at('AT+CFTPSSTOP', '+CFTPSSTOP: 0\r\n')).toBe(OK + line('+CFTPSSTOP: 0'));
  });

  it('answers a command during a running one with +<name>: 3 before ERROR', async () => {
    await boot();
    await rig.login(server);
    rig.write('AT+CFTPSGET="big.bin"\rAT+CFTPSSIZE="here.txt"\r');
    expect((await rig.take(ERROR)).toString('latin1')).toBe(OK + line('+CFTPSSIZE: 3') + ERROR);
    await rig.take('\r\n+CFTPSGET: 0\r\n');
  });

  it('maps the server\'s refusals: missing file 17 (GET, SIZE, CWD, DELE), MKD the server refuses 9', async () => {
    await boot();
    await rig.login(server);
    expect(await result('AT+CFTPSGET="nope.txt"', '+CFTPSGET')).toBe(OK + line('+CFTPSGET: 17'));
    expect(await result('AT+CFTPSSIZE="nope.txt"', '+CFTPSSIZE')).toBe(OK + line('+CFTPSSIZE: 17'));
    expect(await result('AT+CFTPSCWD="nope"', '+CFTPSCWD')).toBe(OK + line('+CFTPSCWD: 17'));
    expect(await result('AT+CFTPSDELE="nope.txt"', '+CFTPSDELE')).toBe(OK + line('+CFTPSDELE: 17'));
    expect(await result('AT+CFTPSMKD="here.txt/sub"', '+CFTPSMKD')).toBe(OK + line('+CFTPSMKD: 9'));
    expect(await result('AT+CFTPSSIZE="here.txt"', '+CFTPSSIZE')).toBe(OK + line('+CFTPSSIZE: 5'));
  });

  it('login failures: wrong password 9, closed port 14, unresolved host 12, bearer down 10', async () => {
    await boot();
    await rig.at('AT+CFTPSSTART', '+CFTPSSTART: 0\r\n');
    expect(await result(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"test","wrong",0`, '+CFTPSLOGIN')).toBe(OK + line('+CFTPSLOGIN: 9'));
    expect(await result('AT+CFTPSLOGIN="127.0.0.1",1,"test","test",0', '+CFTPSLOGIN')).toBe(OK + line('+CFTPSLOGIN: 14'));
    rig.faults.dnsFailure = true;
    expect(await result('AT+CFTPSLOGIN="ftp.example.com",21,"test","test",0', '+CFTPSLOGIN')).toBe(OK + line('+CFTPSLOGIN: 12'));
    expect(await rig.at('AT+CGACT=0,1')).toBe(OK);
    expect(await result(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"test","test",0`, '+CFTPSLOGIN')).toBe(OK + line('+CFTPSLOGIN: 10'));
  });

  it('data faults: a refused data connection is 14 (PUT before its prompt: +CFTPSPUT: 14, ERROR), a cut one 6', async () => {
    await boot();
    await rig.login(server);
    rig.faults.refuseDataConnection = true;
    expect(await result('AT+CFTPSGET="here.txt"', '+CFTPSGET')).toBe(OK + line('+CFTPSGET: 14'));
    expect(await rig.at('AT+CFTPSPUT="up.bin"', ERROR)).toBe(line('+CFTPSPUT: 14') + ERROR);
    delete rig.faults.refuseDataConnection;
    rig.faults.closeDataAfterBytes = 5000;
    await rig.at('AT+CFTPSGET="big.bin"');
    const text = (await rig.take(/* the result after the frames */ '\r\n+CFTPSGET: 6\r\n')).toString('latin1');
    expect(text).toMatch(/^\r\n\+CFTPSGET: DATA,/);
  });

  it('a control connection cut during a command: +<name>: 4, then 421 until LOGOUT', async () => {
    // Counted from the login on: the reply to PWD arrives, then the connection is gone.
    await boot({ closeControlAfterBytes: 1 });
    await rig.login(server);
    expect(await result('AT+CFTPSPWD', '+CFTPSPWD')).toBe(OK + line('+CFTPSPWD: "/"'));
    expect(await result('AT+CFTPSSIZE="here.txt"', '+CFTPSSIZE')).toBe(OK + line('+CFTPSSIZE: 4'));
    expect(await result('AT+CFTPSSIZE="here.txt"', '+CFTPSSIZE')).toBe(OK + line('+CFTPSSIZE: 421'));
    delete rig.faults.closeControlAfterBytes;
    await rig.at('AT+CFTPSLOGOUT', '+CFTPSLOGOUT: 0\r\n');
    await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN: 0\r\n');
    expect(await result('AT+CFTPSSIZE="here.txt"', '+CFTPSSIZE')).toBe(OK + line('+CFTPSSIZE: 5'));
  });

  it('an upload whose data connection is cut: the module takes the rest of the stream, then OK, +CFTPSPUT: 6', async () => {
    await boot();
    await rig.login(server);
    rig.faults.closeDataAfterBytes = 1000;
    await rig.at('AT+CFTPSPUT="cut.bin"', '>');
    rig.write(Buffer.concat([Buffer.alloc(50_000, 0x41), Buffer.from([0x1a])]));
    expect((await rig.take('+CFTPSPUT: 6\r\n')).toString('latin1')).toBe(OK + line('+CFTPSPUT: 6'));
    delete rig.faults.closeDataAfterBytes;
    expect(await result('AT+CFTPSSIZE="here.txt"', '+CFTPSSIZE')).toBe(OK + line('+CFTPSSIZE: 5'));
  });

  it('a PDP loss under a download ends it with 10 (network error), then the service is down', async () => {
    await boot();
    await rig.login(server);
    rig.faults.pdpLossAfterCommands = 1;
    rig.write('AT+CFTPSGET="big.bin"\r');
    const text = (await rig.take('+CFTPSGET: 10\r\n')).toString('latin1');
    expect(text).toMatch(/^\r\nOK\r\n[\s\S]*\r\n\+CGEV: NW PDN DEACT 1\r\n\r\n\+CFTPSGET: 10\r\n$/);
    if (model === 'A7670E') expect((await rig.take('DISCONNECT\r\n')).toString('latin1')).toBe(line('+CFTPSNOTIFY: FTPS DISCONNECT'));
    expect(await rig.at('AT+CFTPSLOGIN?')).toBe(line('+CFTPSLOGIN: 0') + OK);
    // Nothing of the dead download follows.
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.rest).toBe('');
  });

  it('a server idle timeout: +CFTPSNOTIFY: PEER CLOSED, 421 until LOGOUT, then a new LOGIN works', async () => {
    const relay = await idleRelay(server.port);
    try {
      await boot();
      await rig.at('AT+CFTPSSTART', '+CFTPSSTART: 0\r\n');
      await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${relay.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN: 0\r\n');
      relay.idle();
      expect((await rig.take('PEER CLOSED\r\n')).toString('latin1')).toBe(line('+CFTPSNOTIFY: PEER CLOSED'));
      expect(await result('AT+CFTPSPWD', '+CFTPSPWD')).toBe(OK + line('+CFTPSPWD: 421'));
      expect(await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"test","test",0`, ERROR)).toBe(ERROR);
      expect(await rig.at('AT+CFTPSLOGOUT', '+CFTPSLOGOUT: 0\r\n')).toBe(OK + line('+CFTPSLOGOUT: 0'));
      await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN: 0\r\n');
      expect(await result('AT+CFTPSPWD', '+CFTPSPWD')).toBe(OK + line('+CFTPSPWD: "/"'));
    } finally {
      await relay.close();
    }
  });

  it('a PDP loss stops the service (A76xx: +CFTPSNOTIFY: FTPS DISCONNECT); START and LOGIN again recover', async () => {
    await boot();
    await rig.login(server);
    rig.faults.pdpLossAfterCommands = 1;
    const lost = await rig.at('AT');
    expect(lost).toBe(OK);
    const notes = model === 'A7670E' ? line('+CGEV: NW PDN DEACT 1') + line('+CFTPSNOTIFY: FTPS DISCONNECT') : line('+CGEV: NW PDN DEACT 1');
    expect((await rig.take(notes)).toString('latin1')).toBe(notes);
    expect(await rig.at('AT+CGACT?')).toBe(line('+CGACT: 1,0') + OK);
    expect(await rig.at('AT+CFTPSPWD', ERROR)).toBe(ERROR);
    await rig.login(server);
    expect(await rig.at('AT+CGACT?')).toBe(line('+CGACT: 1,1') + OK);
  });
});
