import { describe, expect, it } from 'vitest';
import { openModem } from '../../src/modem/open-modem.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import { IDENTIFICATION, QUECTEL_EC25, SIMCOM_SIM7080, answerPieces, shapeDrivers, type ModuleShape } from './support/module-shapes.js';

async function infoOf(shape: ModuleShape, options: { revisionLine?: string; alwaysEcho?: boolean } = {}) {
  const { host, device } = createMemoryLink();
  let echo = true;
  const modem = new ScriptedModem(device, (command) => {
    const info = command === 'AT+CGMR' && options.revisionLine !== undefined ? [options.revisionLine] : (shape.answers[command] ?? []);
    const reply = answerPieces(command, echo, info).join('');
    if (command === 'ATE0' && !options.alwaysEcho) echo = false;
    return reply;
  });
  const m = await openModem({ transport: host, drivers: shapeDrivers() });
  await m.close();
  return { info: m.info, commands: modem.commands };
}

describe('every firmware answer shape gives the same modem.info', () => {
  describe.each([
    [QUECTEL_EC25, 'EC25EFAR02A09M4G'],
    [SIMCOM_SIM7080, '1951B02SIM7080'],
  ] as const)('$0.name', (shape, revision) => {
    it.each([
      ['bare', revision],
      ['Revision: with a space', `Revision: ${revision}`],
      ['Revision: without a space', `Revision:${revision}`],
      ['a +CGMR: prefix', `+CGMR: ${revision}`],
      ['a +CGMR: prefix without a space', `+CGMR:${revision}`],
      ['a +CGMR: prefix and Revision:', `+CGMR: Revision:${revision}`],
      ['a quoted +CGMR:', `+CGMR: "${revision}"`],
    ])('AT+CGMR with %s', async (_shape, line) => {
      expect((await infoOf(shape, { revisionLine: line })).info).toEqual(shape.info);
    });

    it('a firmware that echoes every command although ATE0 was sent', async () => {
      const run = await infoOf(shape, { alwaysEcho: true });
      expect(run.info).toEqual(shape.info);
      expect(run.commands).toEqual(IDENTIFICATION);
    });
  });

  it('the revision from ATI when AT+CGMR answers ERROR (Quectel ATI names it)', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, (command) =>
      command === 'AT+CGMR' ? '\r\nERROR\r\n' : answerPieces(command, false, QUECTEL_EC25.answers[command] ?? []).join(''),
    );
    const m = await openModem({ transport: host, drivers: shapeDrivers() });
    expect(m.info).toEqual(QUECTEL_EC25.info);
    await m.close();
  });

  it('a SIM7600-style ATI (Manufacturer:, Model:, Revision:) confirms the answers', async () => {
    const { host, device } = createMemoryLink();
    const answers: Record<string, readonly string[]> = {
      ATI: ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7080G', 'Revision: 1951B17SIM7080', 'IMEI: 861234567890123'],
      'AT+CGMI': ['Call Ready', 'SIMCOM INCORPORATED'],
      'AT+CGMM': ['SIMCOM_SIM7080G'],
      'AT+CGMR': ['START', 'Revision:1951B17SIM7080'],
    };
    new ScriptedModem(device, (command) => answerPieces(command, false, answers[command] ?? []).join(''));
    const m = await openModem({ transport: host, drivers: shapeDrivers() });
    expect(m.info).toEqual({ vendor: 'simcom', manufacturer: 'SIMCOM INCORPORATED', model: 'SIMCOM_SIM7080G', revision: '1951B17SIM7080' });
    await m.close();
  });
});
