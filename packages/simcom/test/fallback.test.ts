/**
 * Older SIM70x0 firmware lacks AT+FTPETGET/AT+FTPETPUT (and some the EXT
 * commands too) and answers ERROR. Every file must still move, with identical
 * bytes, by the next strategy in the table; the refusal is paid once per modem.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Observable, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openModem, type ByteTransport, type FtpOptions, type Modem, type TraceEvent } from '@cellftp/core';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { startTestFtpServer, type RunningTestFtpServer } from '../../emulator/test/support/ftp-servers.js';
import { simcom } from '../src/index.js';
import { allBytes, dangerousPayload, sha256 } from './harness.js';

/** Stands between host and virtual module like an older firmware: commands matching `refused` get ERROR and never reach the module. */
function olderFirmware(inner: ByteTransport, refused: RegExp): { transport: ByteTransport; refusals: string[] } {
  const replies = new Subject<Uint8Array>();
  const refusals: string[] = [];
  const data$ = new Observable<Uint8Array>((subscriber) => {
    const fromModule = inner.data$.subscribe(subscriber);
    const fromUs = replies.subscribe((bytes) => subscriber.next(bytes));
    return () => {
      fromModule.unsubscribe();
      fromUs.unsubscribe();
    };
  });
  const transport: ByteTransport = {
    data$,
    get closed() {
      return inner.closed;
    },
    description: `older firmware over ${inner.description}`,
    write: async (bytes) => {
      const text = Buffer.from(bytes).toString('latin1');
      if (/^AT\+[^\r]*\r$/.test(text) && refused.test(text)) {
        refusals.push(text.slice(0, -1));
        setImmediate(() => replies.next(Buffer.from('\r\nERROR\r\n')));
        return;
      }
      await inner.write(bytes);
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    close: () => inner.close(),
  };
  return { transport, refusals };
}

let server: RunningTestFtpServer | undefined;
let vm: VirtualModem | undefined;
let modem: Modem | undefined;
afterEach(async () => {
  await modem?.close();
  await vm?.close();
  await server?.stop();
});

async function rig(refused: RegExp) {
  server = await startTestFtpServer();
  vm = await startVirtualModem({ model: 'SIM7080G', link: 'memory' });
  const firmware = olderFirmware(vm.transport as ByteTransport, refused);
  const trace: TraceEvent[] = [];
  modem = await openModem({ transport: firmware.transport, drivers: [simcom()], trace: (e) => trace.push(e) });
  await modem.connect({ apn: 'internet' });
  const srv = server;
  const m = modem;
  return {
    root: srv.root,
    refusals: firmware.refusals,
    commands: () => trace.filter((e) => e.dir === 'tx' && e.kind === 'command').map((e) => e.text),
    ftp: (extra: Partial<FtpOptions> = {}) => m.ftp({ host: srv.host, port: srv.port, user: srv.user, password: srv.password, ...extra }),
  };
}

const FILES = { 'all-bytes': allBytes(), dangerous: dangerousPayload(), empty: Buffer.alloc(0) };

async function download(ftp: Awaited<ReturnType<Awaited<ReturnType<typeof rig>>['ftp']>>, path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  await ftp.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), path);
  return Buffer.concat(parts);
}

describe('strategy fallback on firmware that refuses a command', () => {
  it('without AT+FTPETGET/AT+FTPETPUT: every file moves by EXTGET/EXTPUT with identical bytes, the refusal paid once', async () => {
    const r = await rig(/^AT\+FTPET(GET|PUT)/);
    const ftp = await r.ftp();
    expect(ftp.capabilities.downloadStrategies).toEqual(['etget', 'extget', 'chunked']);
    for (const [name, data] of Object.entries(FILES)) {
      const result = await ftp.uploadFrom(data, `up-${name}.bin`);
      expect(result.bytes).toBe(data.length);
      expect(sha256(await readFile(join(r.root, `up-${name}.bin`)))).toBe(sha256(data));
      await writeFile(join(r.root, `down-${name}.bin`), data);
      expect(sha256(await download(ftp, `down-${name}.bin`))).toBe(sha256(data));
    }
    expect(r.refusals).toEqual(['AT+FTPETPUT=1', 'AT+FTPETGET=1']);
    expect(r.commands()).toContain('AT+FTPEXTPUT=2,0,6024,60000');
    expect(r.commands()).toContain('AT+FTPEXTGET=1');
    // A new session on the same modem does not ask again.
    const next = await r.ftp();
    await next.uploadFrom(FILES.dangerous, 'again.bin');
    expect(sha256(await download(next, 'again.bin'))).toBe(sha256(FILES.dangerous));
    expect(r.refusals).toHaveLength(2);
    await next.close();
    await ftp.close();
  }, 30_000);

  it('without the EXT commands too: every file moves by AT+FTPGET/AT+FTPPUT chunks with identical bytes', async () => {
    const r = await rig(/^AT\+FTPE(T|XT)(GET|PUT)/);
    const ftp = await r.ftp();
    for (const [name, data] of Object.entries(FILES)) {
      await ftp.uploadFrom(data, `up-${name}.bin`);
      expect(sha256(await readFile(join(r.root, `up-${name}.bin`)))).toBe(sha256(data));
      await writeFile(join(r.root, `down-${name}.bin`), data);
      expect(sha256(await download(ftp, `down-${name}.bin`))).toBe(sha256(data));
    }
    const sent = r.commands();
    expect(sent).toContain('AT+FTPPUT=1');
    expect(sent).toContain('AT+FTPGET=1');
    // Each refused strategy is asked once, then remembered for this modem.
    expect(r.refusals.filter((c) => c === 'AT+FTPETPUT=1')).toHaveLength(1);
    expect(r.refusals.filter((c) => c === 'AT+FTPEXTPUT=1')).toHaveLength(1);
    expect(r.refusals.filter((c) => c === 'AT+FTPETGET=1')).toHaveLength(1);
    expect(r.refusals.filter((c) => c === 'AT+FTPEXTGET=1')).toHaveLength(1);
    await ftp.close();
  }, 30_000);

  it('an explicit choice the firmware refuses falls back in table order', async () => {
    const r = await rig(/^AT\+FTPEXT(GET|PUT)/);
    const ftp = await r.ftp({ downloadStrategy: 'extget', uploadStrategy: 'extput' });
    expect(ftp.capabilities.downloadStrategies).toEqual(['extget', 'etget', 'chunked']);
    const data = dangerousPayload();
    await ftp.uploadFrom(data, 'x.bin');
    expect(sha256(await download(ftp, 'x.bin'))).toBe(sha256(data));
    expect(r.commands()).toContain('AT+FTPETPUT=2');
    expect(r.commands()).toContain('AT+FTPETGET=1');
    await ftp.close();
  }, 30_000);
});
