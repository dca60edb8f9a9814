/**
 * Field behaviours and firmware variants, on both models through the registry:
 * start-up lines spread over the first commands, network lines inside answers,
 * boot silence, AT+CFUN=1,1 restarts, power-down, and the variants' exact lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldNoise, ModelOptions, ModemIo, VirtualModemModel } from '../src/index.js';
import { virtualModel, virtualModelNames, type VirtualModelName } from '../src/models.js';
import { FakeClock } from './support/fake-clock.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';

/** A model on an in-memory line with a fake clock; `text` is everything it wrote. */
function bench(model: VirtualModelName, extra: Partial<ModelOptions> = {}) {
  const clock = new FakeClock();
  let out = Buffer.alloc(0);
  const io: ModemIo = { send: (b) => void (out = Buffer.concat([out, Buffer.from(b as Uint8Array)])), flushed: () => Promise.resolve() };
  const vm: VirtualModemModel = virtualModel(model).create(io, { latencyMs: 0, faults: {}, clock, ...extra });
  return {
    clock,
    vm,
    get text(): string {
      return out.toString('latin1');
    },
    send: (line: string): void => vm.receive(Buffer.from(`${line}\r`, 'latin1')),
    clear: (): void => void (out = Buffer.alloc(0)),
  };
}

const STARTUP: Record<VirtualModelName, string[]> = {
  EC25: ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'],
  BG96: ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'],
  SIM7080G: ['RDY', '+CFUN: 1', '+CPIN: READY', 'SMS Ready'],
  A7670E: ['RDY', '+CPIN: READY', 'SMS DONE', 'PB DONE'],
  SIM7600G: ['RDY', '+CPIN: READY', 'SMS DONE', 'PB DONE'],
  // No source prints a SARA start-up line: the module is silent, then answers (docs/emulator-sara.md).
  'SARA-R5': [],
  'SARA-R410M': [],
};
/** Deaf after a restart: the SARA models answer only after their boot time. */
const RESTART_MS: Partial<Record<VirtualModelName, number>> = { 'SARA-R5': 2000, 'SARA-R410M': 2000 };
const ID: Record<VirtualModelName, string> = { EC25: 'Quectel', BG96: 'Quectel', SIM7080G: 'SIMCOM_Ltd', A7670E: 'SIMCOM INCORPORATED', SIM7600G: 'SIMCOM INCORPORATED', 'SARA-R5': 'u-blox', 'SARA-R410M': 'u-blox' };
const ATI: Record<VirtualModelName, string[]> = {
  EC25: ['Quectel', 'EC25', 'Revision: EC25EFAR02A09M4G'],
  BG96: ['Quectel', 'BG96', 'Revision: BG96MAR02A07M1G'],
  SIM7080G: ['R1951.01'],
  A7670E: ['Manufacturer: SIMCOM INCORPORATED', 'Model: A7670E', 'Revision: A7670E_V1.0', 'IMEI: 864424040000000', '+GCAP: +CGSM,+FCLASS,+DS'],
  SIM7600G: ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G', 'Revision: LE11B01SIM7600G', 'IMEI: 862636050000000', '+GCAP: +CGSM'],
  'SARA-R5': ['Manufacturer: u-blox', 'Model: SARA-R500S', 'Revision: 02.06', 'SVN: 01', 'IMEI: 357520070000000'],
  'SARA-R410M': ['Manufacturer: u-blox', 'Model: SARA-R410M-02B', 'Revision: L0.0.00.00.05.08 [Apr 17 2019 19:34:02]', 'SVN: 03', 'IMEI: 354679090000000'],
};
const NETWORK: Record<VirtualModelName, string[]> = {
  EC25: ['+CEREG: 1', '+QIND: "csq",24,99', '+CTZV: +04,0', '+QIND: "act","LTE"'],
  BG96: ['+CEREG: 1', '+QIND: "csq",24,99', '+CTZV: +04,0'],
  SIM7080G: ['*PSUTTZ: 26/12/02,03:21:25","+04",0', 'DST: 0', '+CTZV: +04,0', '+CEREG: 1'],
  A7670E: ['+CEREG: 1', '+CTZV: +04,0', '+CGEV: EPS PDN ACT 1'],
  SIM7600G: ['+CEREG: 1', '+CTZV: +04,0', '+CGEV: EPS PDN ACT 1'],
  'SARA-R5': ['+CEREG: 1', '+UUSOCL: 0', '+UUPSDA: 0,"10.80.12.1"'],
  'SARA-R410M': ['+CEREG: 1', '+UUSOCL: 0'],
};

describe.each(virtualModelNames())('%s field behaviours', (model) => {
  it('without field options, prints the start-up lines at once and nothing unasked', () => {
    const b = bench(model);
    b.vm.start();
    expect(b.text).toBe(STARTUP[model].map((l) => `\r\n${l}\r\n`).join(''));
  });

  it.skipIf(STARTUP[model].length === 0)('spreads the start-up lines over the first commands, in order, all of them, same bytes per seed', () => {
    const run = (seed: number): string => {
      const b = bench(model, { field: { seed, urcRate: 0 } });
      b.vm.start();
      b.send('ATE0');
      for (let i = 0; i < 6; i++) b.send('AT+CGMI');
      b.clock.runAll();
      return b.text;
    };
    const text = run(7);
    expect(run(7)).toBe(text);
    const positions = STARTUP[model].map((l) => text.indexOf(`\r\n${l}\r\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    // Some start-up line came after the host's first answer: the module was not done when it answered.
    expect(positions.at(-1)).toBeGreaterThan(text.indexOf('OK'));
    expect(text.split(`\r\n${ID[model]}\r\n`).length - 1).toBe(6);
  });

  it('puts network lines between the lines of an answer, never inside it, and only lines of its dialect', () => {
    const b = bench(model, { field: { seed: 3, urcRate: 0.5, inAnswers: true } });
    b.vm.start();
    b.clock.runAll();
    b.send('ATE0');
    b.clear();
    for (let i = 0; i < 40; i++) b.send('ATI');
    const lines = b.text.split('\r\n').filter((l) => l !== '');
    const ati = ATI[virtualModel(model).name];
    const noise = lines.filter((l) => !ati.includes(l) && l !== 'OK');
    expect(noise.length).toBeGreaterThan(5);
    const known = NETWORK[model];
    expect(noise.every((l) => known.includes(l))).toBe(true);
    expect(lines.filter((l) => l === 'OK')).toHaveLength(40);
    if (ati.length > 1) {
      // Mid-answer: a network line between two identification lines.
      expect(lines.some((l, i) => known.includes(l) && ati.includes(lines[i - 1] as string) && ati.includes(lines[i + 1] as string))).toBe(true);
    }
  });

  it('by default keeps those lines out of answers: between the echo and the final result there is only the answer', () => {
    const b = bench(model, { field: { seed: 3, urcRate: 0.5 } });
    b.vm.start();
    b.send('AT+CGMI');
    b.clock.runAll();
    b.clear();
    for (let i = 0; i < 20; i++) b.send('AT+CGMI');
    b.clock.runAll();
    expect(b.text).toBe(`AT+CGMI\r\r\n${ID[model]}\r\n\r\nOK\r\n`.repeat(20));
  });

  it('answers after latencyMs on the injected clock, not before', async () => {
    const b = bench(model, { latencyMs: 200 });
    const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
    b.vm.start();
    b.send('ATE0');
    b.clock.advance(200);
    await settle();
    b.clear();
    b.send('AT+CGMI');
    b.clock.advance(199);
    await settle();
    expect(b.text).toBe('');
    b.clock.advance(1);
    await settle();
    expect(b.text).toBe(`\r\n${ID[model]}\r\n\r\nOK\r\n`);
  });

  it('is silent and deaf during the boot silence, then prints its start-up lines', () => {
    const field: FieldNoise = { seed: 1, urcRate: 0, bootSilenceMs: 3000 };
    const b = bench(model, { field });
    b.vm.start();
    b.send('AT');
    b.clock.advance(2999);
    expect(b.text).toBe('');
    b.clock.advance(1);
    expect(b.text).toBe(STARTUP[model].slice(0, 1).map((l) => `\r\n${l}\r\n`).join(''));
    b.clock.runAll();
    b.send('AT');
    expect(b.text.endsWith('AT\r\r\nOK\r\n')).toBe(true);
  });

  it('restarts on AT+CFUN=1,1 (OK, then the start-up lines, echo on again) and answers AT+CFUN? with 1', async () => {
    const b = bench(model);
    b.vm.start();
    b.send('ATE0');
    b.clear();
    b.send('AT+CFUN?');
    expect(b.text).toBe('\r\n+CFUN: 1\r\n\r\nOK\r\n');
    b.clear();
    b.send('AT+CFUN=1,1');
    await new Promise((r) => setImmediate(r));
    expect(b.text).toBe(`\r\nOK\r\n${STARTUP[model].map((l) => `\r\n${l}\r\n`).join('')}`);
    const deaf = RESTART_MS[model] ?? 0;
    if (deaf > 0) {
      // Deaf until booted: a command meanwhile is lost, then the module answers.
      b.send('AT');
      b.clock.advance(deaf - 1);
      expect(b.text).toBe('\r\nOK\r\n');
      b.clock.advance(1);
    }
    b.clear();
    b.send('AT');
    expect(b.text).toBe('AT\r\r\nOK\r\n');
  });
});

describe('power-down', () => {
  it.each([
    ['EC25', 'AT+QPOWD', '\r\nOK\r\n\r\nPOWERED DOWN\r\n'],
    ['BG96', 'AT+QPOWD', '\r\nOK\r\n\r\nPOWERED DOWN\r\n'],
    ['SIM7080G', 'AT+CPOWD=1', '\r\nNORMAL POWER DOWN\r\n'],
    ['A7670E', 'AT+CPOF', '\r\nOK\r\n'],
    ['SIM7600G', 'AT+CPOF', '\r\nOK\r\n'],
    ['SARA-R5', 'AT+CPWROFF', '\r\nOK\r\n'],
    ['SARA-R410M', 'AT+CPWROFF', '\r\nOK\r\n'],
  ] as const)('%s: %s prints its power-down line, then nothing answers', (model, command, expected) => {
    const b = bench(model);
    b.vm.start();
    b.send('ATE0');
    b.clear();
    b.send(command);
    expect(b.text).toBe(expected);
    b.clear();
    b.send('AT');
    b.clock.runAll();
    expect(b.text).toBe('');
  });
});

describe('firmware variants with a real FTP server', () => {
  let server: RunningTestFtpServer;
  beforeAll(async () => {
    server = await startTestFtpServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A model on real time (the FTP backend's sockets), started, echo off. */
  function live(model: VirtualModelName, variants: string[]) {
    let out = '';
    const waiters = new Set<() => void>();
    const io: ModemIo = {
      send: (b) => {
        out += Buffer.from(b as Uint8Array).toString('latin1');
        for (const w of waiters) w();
      },
      flushed: () => Promise.resolve(),
    };
    const vm = virtualModel(model).create(io, { latencyMs: 0, faults: {}, variants: new Set(variants), timing: { activationMs: 1 } });
    vm.start();
    vm.receive(Buffer.from('ATE0\r'));
    out = '';
    const until = (needle: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${needle} in ${JSON.stringify(out)}`)), 10_000);
        const check = (): void => {
          const at = out.indexOf(needle);
          if (at < 0) return;
          const taken = out.slice(0, at + needle.length);
          out = out.slice(at + needle.length);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(taken);
        };
        waiters.add(check);
        check();
      });
    const at = (line: string, needle = '\r\nOK\r\n'): Promise<string> => {
      vm.receive(Buffer.from(`${line}\r`, 'latin1'));
      return until(needle);
    };
    return { vm, at, until };
  }

  async function ec25Open(variants: string[], port = server.port) {
    const m = live('EC25', variants);
    await m.at('AT+QIACT=1');
    await m.at(`AT+QFTPCFG="account","${server.user}","${server.password}"`);
    return { m, open: m.at(`AT+QFTPOPEN="127.0.0.1",${port}`, '+QFTPOPEN:').then(() => m.until('\r\n')).then((t) => t.trimStart()) };
  }

  it('EC25 default: +QFTPPWD: 0,/ (AN §3.3); pwd-quoted: 0,"/"; no-space: +QFTPPWD:0,/', async () => {
    for (const [variants, expected] of [[[], '+QFTPPWD: 0,/'], [['pwd-quoted'], '+QFTPPWD: 0,"/"'], [['no-space'], '+QFTPPWD:0,/']] as const) {
      const { m, open } = await ec25Open([...variants]);
      expect(await open).toBe('0,0\r\n');
      const answer = (await m.at('AT+QFTPPWD', '+QFTPPWD')) + (await m.until('\r\n'));
      expect(answer).toBe(`\r\nOK\r\n\r\n${expected}\r\n`);
      await m.vm.close();
    }
  });

  it('EC25 open-closed-port-606: a closed port is 606,0 (field) instead of 605,0', async () => {
    const closed = 1; // privileged and unused on loopback: refused
    for (const [variants, code] of [[[], '605,0'], [['open-closed-port-606'], '606,0']] as const) {
      const { m, open } = await ec25Open([...variants], closed);
      expect(await open).toBe(`${code}\r\n`);
      await m.vm.close();
    }
  });

  it('EC25 get-150-once: a file that exists fails once with 627,150, then downloads; ufs: lower-case is 613', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${server.root}/once.txt`, 'hello');
    const { m, open } = await ec25Open(['get-150-once']);
    await open;
    expect(await m.at('AT+QFTPGET="once.txt"', '+QFTPGET: 627,150\r\n')).toBe('\r\n+QFTPGET: 627,150\r\n');
    expect(await m.at('AT+QFTPGET="once.txt"', '+QFTPGET: 0,5\r\n')).toBe('\r\nCONNECT\r\nhello\r\nOK\r\n\r\n+QFTPGET: 0,5\r\n');
    expect(await m.at('AT+QFTPGET="once.txt","ufs:once.txt"', '+CME ERROR: 613\r\n')).toBe('\r\n+CME ERROR: 613\r\n');
    await m.vm.close();
  });

  async function simReady(variants: string[]) {
    const m = live('SIM7080G', variants);
    await m.at('AT+CNACT=0,1', '+APP PDP: 0,ACTIVE\r\n');
    for (const c of ['AT+FTPCID=0', 'AT+FTPSERV="127.0.0.1"', `AT+FTPPORT=${server.port}`, `AT+FTPUN="${server.user}"`, `AT+FTPPW="${server.password}"`, 'AT+FTPPUTNAME="v.bin"']) await m.at(c);
    return m;
  }

  it('SIM7080G etput-ok-first: OK, then +FTPETPUT:2,1 (FTP application notes), then data, ETX, OK', async () => {
    const m = await simReady(['etput-ok-first']);
    await m.at('AT+FTPETPUT=1', '+FTPETPUT: 1,1\r\n');
    expect(await m.at('AT+FTPETPUT=2', '+FTPETPUT:2,1\r\n')).toBe('\r\nOK\r\n\r\n+FTPETPUT:2,1\r\n');
    m.vm.receive(Buffer.from([0x61, 0x62, 0x03]));
    expect(await m.until('+FTPETPUT: 1,0\r\n')).toBe('\r\nOK\r\n\r\n+FTPETPUT: 1,0\r\n');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${server.root}/v.bin`, 'latin1')).toBe('ab');
    await m.vm.close();
  });

  it('SIM7080G no-ftpssl and no-et answer ERROR to the commands the firmware lacks; no-space and put-no-maxlength print the documents\' forms', async () => {
    const m = await simReady(['no-ftpssl', 'no-et', 'no-space', 'put-no-maxlength']);
    expect(await m.at('AT+FTPSSL=0', 'ERROR\r\n')).toBe('\r\nERROR\r\n');
    expect(await m.at('AT+FTPETPUT=1', 'ERROR\r\n')).toBe('\r\nERROR\r\n');
    expect(await m.at('AT+FTPETGET=1', 'ERROR\r\n')).toBe('\r\nERROR\r\n');
    expect(await m.at('AT+FTPPUT=1', '+FTPPUT:1,1\r\n')).toBe('\r\nOK\r\n\r\n+FTPPUT:1,1\r\n');
    await m.vm.close();
  });
});
