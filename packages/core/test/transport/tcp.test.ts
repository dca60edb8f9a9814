import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { openTcpTransport } from '../../src/transport/tcp.js';

const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

/** A ser2net-style raw TCP port with a scripted module behind it, on loopback. */
async function rawSerialServer(answer: (command: string) => string): Promise<number> {
  const server = net.createServer((socket) => {
    let line = '';
    socket.on('data', (chunk) => {
      for (const byte of chunk) {
        if (byte !== 0x0d) {
          line += String.fromCharCode(byte);
          continue;
        }
        socket.write(answer(line));
        line = '';
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('TCP transport (remote serial port)', () => {
  it('carries AT commands and binary payloads both ways', async () => {
    const port = await rawSerialServer((c) => (c === 'AT+CGMM' ? '\r\nEC25\r\n\r\nOK\r\n' : '\r\nERROR\r\n'));
    const transport = await openTcpTransport({ host: '127.0.0.1', port });
    expect(transport.description).toBe(`tcp:127.0.0.1:${port}`);
    const engine = new AtEngine(transport);
    const res = await engine.run({ text: 'AT+CGMM', claims: [(l) => !l.startsWith('+')] });
    expect(res.lines).toEqual(['EC25']);
    await expect(engine.run({ text: 'AT+X' })).rejects.toMatchObject({ final: 'ERROR' });
    await engine.close();
    expect(transport.closed).toBe(true);
  });

  it('fails with a clear error when nothing listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await expect(openTcpTransport({ host: '127.0.0.1', port })).rejects.toThrow(`cannot connect to 127.0.0.1:${port}`);
  });

  it('ends the engine with TransportClosedError when the remote side hangs up', async () => {
    const server = net.createServer((socket) => socket.on('data', () => socket.destroy()));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const transport = await openTcpTransport({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    const engine = new AtEngine(transport);
    await expect(engine.run({ text: 'AT' })).rejects.toMatchObject({ name: 'TransportClosedError' });
  });
});
