/**
 * A module that restarts comes back with echo on and (SIMCom) verbose errors:
 * the next connect() must set it up again before anything else, or numeric
 * error codes are lost and every command is echoed back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator';
import { rigModels, startVendorRig } from '../support/vendor-rig.js';

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});

/** Every model, plus the A76xx firmware whose ready line is `*ATREADY: 1` (the driver, not openModem, must see that one). */
const CASES = [
  ...rigModels().map((t) => ({ ...t, name: t.model as string, variants: [] as string[], ready: /^RDY$/ })),
  { vendor: 'simcom', model: 'A7670E', name: 'A7670E (atready)', variants: ['atready'], ready: /^\*ATREADY: 1$/ },
] as const;

describe.concurrent('after a restart', () => {
  it.each(CASES)('$name turns echo off and numeric errors on again before the next connect, then works', async ({ vendor, model, variants, ready }) => {
    const rig = await startVendorRig({ vendor, model, variants: [...variants], target: server });
    try {
      const { engine } = rig.modem;
      const started = new Promise<void>((resolve) => {
        const sub = engine.urc$.subscribe((line) => {
          if (!ready.test(line)) return;
          sub.unsubscribe();
          resolve();
        });
      });
      // The module answers this command, then restarts.
      rig.vm.faults.rebootAfterCommands = rig.commandCount() + 1;
      await engine.run({ text: 'AT', timeoutMs: 2000 });
      await started;
      delete rig.vm.faults.rebootAfterCommands;

      const from = rig.written.length;
      const traced = rig.trace.length;
      await rig.modem.connect({ apn: 'internet' });
      const sent = Buffer.concat(rig.written.slice(from)).toString('latin1');
      expect(sent.startsWith('ATE0\rAT+CMEE=1\r')).toBe(true);
      // Only ATE0 itself may still be echoed; nothing after it.
      const echoes = rig.trace.slice(traced).filter((e) => e.kind === 'echo');
      expect(echoes.every((e) => e.text.startsWith('ATE0'))).toBe(true);

      const ftp = await rig.ftp();
      // One file per model: the models share the server and run at once.
      await ftp.uploadFrom(Buffer.from('after the restart'), `restart-${model}-${variants.length}.txt`);
      expect(await ftp.size(`restart-${model}-${variants.length}.txt`)).toBe(17);
      await ftp.close();
      // A second connect() without a restart in between sends no set-up again.
      const again = rig.written.length;
      await rig.modem.connect({ apn: 'internet' });
      expect(Buffer.concat(rig.written.slice(again)).toString('latin1')).not.toContain('ATE0');
    } finally {
      await rig.close();
    }
  });
});
