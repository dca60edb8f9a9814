import type { ModemCore } from '../common/modem-core.js';

/**
 * Prompts `>` and takes exactly `length` raw host bytes (`AT+CCERTDOWN`,
 * `AT+CFTRANRX`), then hands them to `done`; what follows is command text.
 */
export function promptAndCapture(core: ModemCore, length: number, done: (bytes: Buffer) => void): void {
  core.out.raw('\r\n>');
  const parts: Buffer[] = [];
  let got = 0;
  core.enterRaw((chunk) => {
    const take = Math.min(chunk.length, length - got);
    parts.push(Buffer.from(chunk.subarray(0, take)));
    got += take;
    if (got === length) {
      core.exitRaw();
      done(Buffer.concat(parts));
    }
    return take;
  });
}
