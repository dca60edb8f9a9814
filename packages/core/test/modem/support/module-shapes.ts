import type { ModemDriver, ModemInfo } from '../../../src/modem/types.js';
import { FakeOps } from '../../support/fake-ops.js';

/** How one vendor's module answers identification (AT manuals; see VENDOR-FACTS A.8, B.8). */
export interface ModuleShape {
  readonly name: string;
  readonly answers: Readonly<Record<string, readonly string[]>>;
  readonly info: ModemInfo;
}

export const QUECTEL_EC25: ModuleShape = {
  name: 'Quectel EC25',
  answers: {
    ATI: ['Quectel', 'EC25', 'Revision: EC25EFAR02A09M4G'],
    'AT+CGMI': ['Quectel'],
    'AT+CGMM': ['EC25'],
    'AT+CGMR': ['EC25EFAR02A09M4G'],
  },
  info: { vendor: 'quectel', manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR02A09M4G' },
};

export const SIMCOM_SIM7080: ModuleShape = {
  name: 'SIMCom SIM7080',
  answers: {
    ATI: ['R1951.01'],
    'AT+CGMI': ['SIMCOM_Ltd'],
    'AT+CGMM': ['SIMCOM_SIM7080'],
    'AT+CGMR': ['Revision:1951B02SIM7080'],
  },
  info: { vendor: 'simcom', manufacturer: 'SIMCOM_Ltd', model: 'SIMCOM_SIM7080', revision: '1951B02SIM7080' },
};

/** The commands openModem writes to identify a module (fake drivers write none). */
export const IDENTIFICATION = ['AT', 'ATE0', 'ATI', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR'];

/** Drivers that claim modules the way the real quectel() and simcom() do. */
export function shapeDrivers(): ModemDriver[] {
  const driver = (vendor: string, manufacturer: RegExp, model: RegExp): ModemDriver => ({
    vendor,
    matches: (id) => manufacturer.test(id.manufacturer) && model.test(id.model),
    attach: async () => ({ connect: async () => undefined, openFtp: async () => new FakeOps() }),
  });
  return [driver('simcom', /SIMCOM/i, /SIM70[789]0/i), driver('quectel', /quectel/i, /^(EC2[015]|EG9[15]|EG2[15]|EM05)/i)];
}

/**
 * The pieces of one answer as a module prints it: the echo (command and CR),
 * each information line, the final; `\r\n` framed as V.250 prescribes.
 */
export function answerPieces(command: string, echo: boolean, info: readonly string[], final = 'OK'): string[] {
  return [...(echo ? [`${command}\r`] : []), ...info.map((line) => `\r\n${line}\r\n`), `\r\n${final}\r\n`];
}

/** The emulator's seeded PRNG (mulberry32), so that a failing chunking can be replayed from its seed. */
export { seededRandom as prng } from '@cellftp/emulator';

/** Splits `text` into 1..n chunks at random byte positions. */
export function randomChunks(text: string, random: () => number): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = 1 + Math.floor(random() * Math.min(12, text.length - at));
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}
