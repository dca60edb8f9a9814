import { describe, expect, it } from 'vitest';
import { AtCommandError } from '../../src/errors/engine-errors.js';
import { FtpError } from '../../src/errors/ftp-error.js';
import { downloadWithStrategies, FirmwareMemory, uploadWithStrategies } from '../../src/driver-kit/strategy-transfers.js';
import type { ByteSource } from '../../src/transfer/source.js';

const refused = (): AtCommandError => new AtCommandError('AT+QFTPGET="a","COM:",0,10', 'ERROR');
const bytes = Buffer.from('0123456789abcdefghij');

function bufferSource(data: Buffer): ByteSource {
  let at = 0;
  return {
    size: data.length,
    read: (max) => Promise.resolve(data.subarray(at, (at += Math.min(max, data.length - at)))),
    close: () => Promise.resolve(),
  };
}

describe('downloadWithStrategies', () => {
  it('hands a refused strategy over to the next, counts progress once, and remembers per attempt order', async () => {
    const firmware = new FirmwareMemory();
    const progress: number[] = [];
    const got: Uint8Array[] = [];
    const tried: string[] = [];
    const run = (order: Array<'com' | 'ufs'>) =>
      downloadWithStrategies({ order, firmware, onBytes: (n) => progress.push(n) }, (c) => void got.push(c), async (strategy, sink) => {
        tried.push(strategy);
        if (strategy === 'com') throw refused();
        await sink(bytes.subarray(0, 5));
        await sink(bytes.subarray(5));
        return bytes.length;
      });
    await expect(run(['com', 'ufs'])).resolves.toBe(20);
    expect(Buffer.concat(got)).toEqual(bytes);
    expect(progress).toEqual([5, 15]);
    await run(['com', 'ufs']);
    expect(tried).toEqual(['com', 'ufs', 'ufs']);
    // Another order (a user's explicit choice) has its own memory.
    await run(['ufs', 'com']);
    expect(tried.at(-1)).toBe('ufs');
    expect(firmware.of('download:com,ufs').refused('com')).toBe(true);
    expect(firmware.of('download:ufs,com').refused('com')).toBe(false);
  });

  it('never replaces a strategy that delivered a byte', async () => {
    const flow = async (strategy: string, sink: (c: Uint8Array) => void | Promise<void>) => {
      if (strategy === 'ufs') return 0;
      await sink(bytes.subarray(0, 1));
      throw refused();
    };
    await expect(downloadWithStrategies({ order: ['com', 'ufs'], firmware: new FirmwareMemory(), onBytes: () => undefined }, () => undefined, flow)).rejects.toMatchObject({ final: 'ERROR' });
  });

  it('with a vendor rule, a server-side UNSUPPORTED reply is the transfer\'s error and is not remembered for the modem', async () => {
    const firmware = new FirmwareMemory();
    const server = new FtpError('UNSUPPORTED', 'AT+QFTPGET: command not implemented (Quectel 622, server replied 502)', { vendorCode: 622, serverReply: 502 });
    const onlyErrorFinal = (e: unknown): boolean => e instanceof AtCommandError && e.final === 'ERROR';
    const transfer = { order: ['com', 'ufs'] as const, firmware, onBytes: () => undefined, unsupported: onlyErrorFinal };
    await expect(downloadWithStrategies(transfer, () => undefined, () => Promise.reject(server))).rejects.toBe(server);
    expect(firmware.of('download:com,ufs').refused('com')).toBe(false);
  });
});

describe('uploadWithStrategies', () => {
  it('gives the next strategy every byte the refused one read ahead', async () => {
    const progress: number[] = [];
    const sent: Buffer[] = [];
    const total = await uploadWithStrategies(
      { order: ['com', 'ufs'], firmware: new FirmwareMemory(), onBytes: (n) => progress.push(n) },
      bufferSource(bytes),
      async (strategy, source, onBytes) => {
        const first = await source.read(8);
        const ahead = await source.read(8);
        if (strategy === 'com') throw refused();
        for (const part of [first, ahead, await source.read(100)]) {
          sent.push(Buffer.from(part));
          onBytes(part.length);
        }
        return 20;
      },
    );
    expect(total).toBe(20);
    expect(Buffer.concat(sent)).toEqual(bytes);
    expect(progress).toEqual([8, 8, 4]);
  });
});
