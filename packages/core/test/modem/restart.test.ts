import { afterEach, describe, expect, it, vi } from 'vitest';
import { openModem } from '../../src/modem/open-modem.js';
import type { ModemDriver } from '../../src/modem/types.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { FakeOps } from '../support/fake-ops.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import { QUECTEL_EC25, answerPieces } from './support/module-shapes.js';

afterEach(() => {
  vi.useRealTimers();
});

/** An EC25 that can restart (echo back on) or power down (silent until powered on). */
function restartableModule() {
  const { host, device } = createMemoryLink();
  const state = { echo: true, off: false, restartDuring: undefined as string | undefined };
  const modem = new ScriptedModem(device, (command) => {
    if (state.off) return undefined;
    const reply = answerPieces(command, state.echo, QUECTEL_EC25.answers[command] ?? []).join('');
    if (command === 'ATE0') state.echo = false;
    if (command === state.restartDuring) {
      state.restartDuring = undefined;
      state.echo = true;
      return `${reply}\r\nRDY\r\n`;
    }
    return reply;
  });
  const powerDown = (line: string): void => {
    modem.send(`\r\n${line}\r\n`);
    state.off = true;
  };
  const powerOn = (): void => {
    state.off = false;
    state.echo = true;
    modem.send('\r\nRDY\r\n\r\n+CFUN: 1\r\n');
  };
  return { host, modem, state, powerDown, powerOn };
}

/** Writes `AT+CMEE=1` while attaching and again in prepare(), like the real drivers. */
function driver(): ModemDriver {
  return {
    vendor: 'quectel',
    matches: (id) => /quectel/i.test(id.manufacturer),
    attach: async (engine) => {
      const prepare = async (signal?: AbortSignal): Promise<void> => {
        await engine.run({ text: 'AT+CMEE=1', timeoutMs: 2000 }, signal ? { signal } : {});
      };
      await prepare();
      return { prepare, connect: async () => undefined, openFtp: async () => new FakeOps() };
    },
  };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('a module that restarts or powers down is prepared again', () => {
  it('after RDY later in the session: ATE0 and prepare before the next connect, once', async () => {
    const rig = restartableModule();
    const m = await openModem({ transport: rig.host, drivers: [driver()] });
    rig.modem.send('\r\nRDY\r\n');
    rig.state.echo = true;
    await flush();
    const from = rig.modem.commands.length;
    await m.connect({ apn: 'internet' });
    expect(rig.modem.commands.slice(from)).toEqual(['ATE0', 'AT+CMEE=1']);
    await m.connect({ apn: 'internet' });
    expect(rig.modem.commands.slice(from)).toEqual(['ATE0', 'AT+CMEE=1']);
    await m.close();
  });

  it.each(['ATI', 'AT+CGMM', 'AT+CMEE=1'])('after a restart during openModem (RDY after %s): prepared before the first connect', async (during) => {
    const rig = restartableModule();
    rig.state.restartDuring = during;
    const m = await openModem({ transport: rig.host, drivers: [driver()] });
    expect(m.info.model).toBe('EC25');
    const from = rig.modem.commands.length;
    await m.connect({ apn: 'internet' });
    expect(rig.modem.commands.slice(from)).toEqual(['ATE0', 'AT+CMEE=1']);
    await m.close();
  });

  it.each(['NORMAL POWER DOWN', 'POWERED DOWN', 'PSM POWER DOWN'])(
    'after %s: the next connect waits for the module to boot, then ATE0 and prepare',
    async (line) => {
      vi.useFakeTimers();
      const rig = restartableModule();
      const m = await openModem({ transport: rig.host, drivers: [driver()] });
      rig.powerDown(line);
      await vi.advanceTimersByTimeAsync(10);
      const from = rig.modem.commands.length;
      let connected = false;
      const connecting = m.connect({ apn: 'internet' }).then(() => (connected = true));
      await vi.advanceTimersByTimeAsync(4_000);
      expect(connected).toBe(false);
      // Only AT probes while it is off: nothing is set on a module that cannot hear it, and no +++.
      expect(new Set(rig.modem.commands.slice(from))).toEqual(new Set(['AT']));
      rig.powerOn();
      await vi.advanceTimersByTimeAsync(2_000);
      await connecting;
      const after = rig.modem.commands.slice(from).filter((c) => c !== 'AT');
      expect(after).toEqual(['ATE0', 'AT+CMEE=1']);
      await m.close();
    },
  );

  it('a connect that gives up on a powered-down module leaves the preparation owed to the next one', async () => {
    vi.useFakeTimers();
    const rig = restartableModule();
    const m = await openModem({ transport: rig.host, drivers: [driver()], readyTimeoutMs: 2_000 });
    rig.powerDown('NORMAL POWER DOWN');
    await vi.advanceTimersByTimeAsync(10);
    const failed = m.connect({ apn: 'internet' }).catch((e: unknown) => e);
    // The ready timeout, the +++ of the last resort (1 s guard, 5 s for its answer), three more probes.
    await vi.advanceTimersByTimeAsync(12_000);
    expect(await failed).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^after the module powered down: no answer to AT within the ready timeout of 2000 ms .* not a single byte came back/),
    });
    rig.powerOn();
    await vi.advanceTimersByTimeAsync(10);
    const from = rig.modem.commands.length;
    await m.connect({ apn: 'internet' });
    expect(rig.modem.commands.slice(from)).toEqual(['ATE0', 'AT+CMEE=1']);
    await m.close();
  });
});
