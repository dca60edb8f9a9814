import { describe, expect, it } from 'vitest';
import { openModem } from '../../src/modem/open-modem.js';
import { UNSOLICITED_LINES } from '../../src/modem/unsolicited.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import {
  IDENTIFICATION,
  QUECTEL_EC25,
  SIMCOM_SIM7080,
  answerPieces,
  prng,
  randomChunks,
  shapeDrivers,
  type ModuleShape,
} from './support/module-shapes.js';

/** What real modules print on their own after power-on (one example per row of the unsolicited table). */
const UNSOLICITED = [
  'RDY',
  '+CFUN: 1',
  '+CPIN: READY',
  '+QUSIM: 1',
  '+QIND: SMS DONE',
  '+QIND: PB DONE',
  'SMS Ready',
  'Call Ready',
  '*PSUTTZ: 2024,5,17,9,41,12,"+8",0',
  'DST: 0',
  '+CTZV: +8,0',
  '*PSNWID: "001","01","Test Net",0,"Test",0',
  '+CEREG: 1,"1A2B","01A2B3C4",7',
  '+CREG: 1',
  '+CGREG: 5',
  '+CTZE: "+08",0,"2024/05/17,09:41:12"',
  '+CGEV: ME PDN ACT 1',
  'PB DONE',
  'NORMAL POWER DOWN',
  'POWERED DOWN',
  'PSM POWER DOWN',
];

const SHAPES: readonly ModuleShape[] = [QUECTEL_EC25, SIMCOM_SIM7080];

/** `AT` … `AT+CGMR`, with `noise` inserted as piece `position` of answer `target`, sent in `chunking`. */
async function identifyWith(shape: ModuleShape, noise: string, target: string, position: number, chunking: number) {
  const { host, device } = createMemoryLink();
  const random = prng(chunking * 7919 + position * 31 + target.length);
  let echo = true;
  let inserted = false;
  const modem = new ScriptedModem(device, (command) => {
    const pieces = answerPieces(command, echo, shape.answers[command] ?? []);
    if (command === 'ATE0') echo = false;
    if (command === target && !inserted) {
      inserted = true;
      pieces.splice(position, 0, `\r\n${noise}\r\n`);
    }
    const text = pieces.join('');
    return chunking === 0 ? text : randomChunks(text, random);
  });
  const trace: TraceEvent[] = [];
  const m = await openModem({ transport: host, drivers: shapeDrivers(), trace: (e) => trace.push(e) });
  await m.close();
  return { info: m.info, commands: modem.commands, inserted, trace };
}

describe('identification through the lines modules print on their own', () => {
  it('has a sample for every row of the unsolicited table', () => {
    for (const row of UNSOLICITED_LINES) expect(UNSOLICITED.some((line) => row.match.test(line)), String(row.match)).toBe(true);
  });

  describe.each(SHAPES)('$name', (shape) => {
    it.each(UNSOLICITED)('%s at every position of every answer, in several chunkings', async (noise) => {
      let cases = 0;
      for (const target of IDENTIFICATION) {
        const echoed = target === 'AT' || target === 'ATE0';
        const pieces = (echoed ? 1 : 0) + (shape.answers[target]?.length ?? 0) + 1;
        // Before the echo (or first line), between every two pieces, before and after the final.
        for (let position = 0; position <= pieces; position++) {
          for (let chunking = 0; chunking < 3; chunking++) {
            const where = `${target} piece ${position} chunking ${chunking}`;
            const run = await identifyWith(shape, noise, target, position, chunking);
            expect(run.inserted, where).toBe(true);
            expect(run.info, where).toEqual(shape.info);
            expect(run.commands, where).toEqual(IDENTIFICATION);
            // It went to urc$, and no command took it.
            const seen = run.trace.filter((e) => e.dir === 'rx' && e.text === noise).map((e) => e.kind);
            expect(seen, where).toEqual(['urc']);
            cases++;
          }
        }
      }
      expect(cases).toBeGreaterThanOrEqual(54);
    });
  });

  it('takes what ATI confirms when an unknown line slips into an answer (Quectel ATI names both)', async () => {
    const { host, device } = createMemoryLink();
    const answers: Record<string, readonly string[]> = {
      ...QUECTEL_EC25.answers,
      'AT+CGMI': ['+QSTK: 1', 'MODEM STARTED', 'Quectel'],
      'AT+CGMM': ['MODEM STARTED', 'EC25'],
    };
    new ScriptedModem(device, (command) => answerPieces(command, false, answers[command] ?? []).join(''));
    const m = await openModem({ transport: host, drivers: shapeDrivers() });
    expect(m.info).toEqual(QUECTEL_EC25.info);
    await m.close();
  });

  it('falls back to ATI when AT+CGMI and AT+CGMM answer ERROR', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, (command) =>
      command === 'AT+CGMI' || command === 'AT+CGMM' ? '\r\nERROR\r\n' : answerPieces(command, false, QUECTEL_EC25.answers[command] ?? []).join(''),
    );
    const m = await openModem({ transport: host, drivers: shapeDrivers() });
    expect(m.info).toEqual(QUECTEL_EC25.info);
    await m.close();
  });
});
