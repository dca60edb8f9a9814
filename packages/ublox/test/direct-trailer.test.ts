import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AtCommandError, AtEngine, knownLengthAfter } from '@cellftp/core';
import { scriptedModem } from '@cellftp/core/testing';
import { TIMINGS } from '../src/rules.js';

/**
 * A direct-link download the module leaves early (IADG §9.1.2): `DISCONNECT`,
 * `OK`, `+UUFTPCR: 6,0` arrive where the host still counts file bytes, and an
 * unsolicited line may follow at once. None of it may reach the file.
 */
describe('direct-link trailer followed by unsolicited lines', () => {
  for (const noise of ['', '\r\n+CEREG: 1\r\n', '\r\n+UUPSDA: 0,"10.80.12.1"\r\n\r\n+CEREG: 5\r\n']) {
    it(`fails with +UUFTPCR: 6,0 and delivers exactly the file bytes (${JSON.stringify(noise)})`, async () => {
      const file = randomBytes(2500);
      const { transport } = scriptedModem((command) =>
        command.startsWith('AT+UFTPC=6') ? ['\r\nCONNECT\r\n', file, `\r\nDISCONNECT\r\n\r\nOK\r\n\r\n+UUFTPCR: 6,0\r\n${noise}`] : '\r\nOK\r\n',
      );
      const engine = new AtEngine(transport);
      const received: Buffer[] = [];
      const error = await engine
        .run({
          text: 'AT+UFTPC=6,"f.bin"',
          timeoutMs: 2000,
          incoming: { dataAfter: knownLengthAfter('CONNECT', 10_000), maxLength: 10_000, sink: (chunk) => void received.push(Buffer.from(chunk)), trailer: TIMINGS.directTrailer },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AtCommandError);
      expect((error as AtCommandError).message).toContain('+UUFTPCR: 6,0');
      expect(Buffer.concat(received).equals(file)).toBe(true);
      await engine.close();
    });
  }
});
