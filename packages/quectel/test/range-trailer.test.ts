import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AtCommandError, AtEngine, knownLengthAfter } from '@cellftp/core';
import { scriptedModem } from '@cellftp/core/testing';
import { TIMINGS } from '../src/vendor.js';

/**
 * A ranged COM: download that the module ends early (a broken data
 * connection, B.9 #3): the trailer arrives inside the exact-length payload,
 * and on a real module unsolicited lines can follow it at once (the fault
 * matrix met `+QIND: SMS DONE` / `+QIND: PB DONE` there under load).
 */
describe('ranged download trailer followed by unsolicited lines', () => {
  for (const noise of ['', '\r\n+QIND: SMS DONE\r\n', '\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n', '+CEREG: 1\r\n\r\n+QIND: PB DONE\r\n\r\n+CTZV: 26/12/02,15:20:00,+04\r\n']) {
    it(`fails with the trailer's code and delivers exactly the file bytes (${JSON.stringify(noise)})`, async () => {
      const file = randomBytes(3000);
      const { transport } = scriptedModem((command) =>
        command.startsWith('AT+QFTPGET') ? ['\r\nCONNECT\r\n', file, `\r\nOK\r\n\r\n+QFTPGET: 607,0\r\n${noise}`] : '\r\nOK\r\n',
      );
      const engine = new AtEngine(transport);
      const received: Buffer[] = [];
      const error = await engine
        .run({
          text: 'AT+QFTPGET="f.bin","COM:",0,8192',
          timeoutMs: 2000,
          incoming: { dataAfter: knownLengthAfter('CONNECT', 8192), maxLength: 8192, sink: (chunk) => void received.push(Buffer.from(chunk)), trailer: TIMINGS.range.trailer },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AtCommandError);
      expect((error as AtCommandError).message).toContain('+QFTPGET: 607,0');
      // Not one byte of the trailer or the lines after it in the file: a resume at payloadBytes must be exact.
      expect(Buffer.concat(received).equals(file)).toBe(true);
      expect((error as { payloadBytes?: number }).payloadBytes).toBe(3000);
      await engine.close();
    });
  }
});
