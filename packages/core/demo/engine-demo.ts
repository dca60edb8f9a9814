/**
 * A short tour of the AT engine, runnable without hardware: a scripted module
 * on an in-memory line answers identification, pushes URCs at awkward moments
 * and sends a binary payload full of bytes that would fool a naive parser.
 */
import { createHash } from 'node:crypto';
import { AtEngine, createMemoryLink, formatTraceEvent, lengthAnnouncedBy } from '../src/index.js';

const enc = new TextEncoder();
const payload = new Uint8Array([...Array.from({ length: 256 }, (_, i) => i), ...enc.encode('\r\nOK\r\n+FTPGET: 1,0\r\n+++')]);
const { host, device } = createMemoryLink('demo');

// The "module": answers a few commands, like a SIM7080 would.
let line = '';
device.data$.subscribe((chunk) => {
  for (const byte of chunk) {
    if (byte !== 0x0d) {
      line += String.fromCharCode(byte);
      continue;
    }
    const command = line;
    line = '';
    const reply =
      command === 'AT+CGMM'
        ? ['\r\n+CEREG: 1\r\n', '\r\nSIMCOM_SIM7080\r\n\r\nOK\r\n']
        : command === 'AT+FTPGET=2,1460'
          ? [`\r\n+FTPGET: 2,${payload.length}\r\n`, payload, '\r\nOK\r\n\r\n+FTPGET: 1,0\r\n']
          : ['\r\nOK\r\n'];
    for (const part of reply) void device.write(typeof part === 'string' ? enc.encode(part) : part);
  }
});

const engine = new AtEngine(host);
engine.trace$.subscribe((event) => console.log(`  ${formatTraceEvent(event)}`));
engine.urc$.subscribe((urc) => console.log(`  URC → ${urc}`));

console.log('cellftp AT engine demo (in-memory scripted module)\n');
const model = await engine.run({ text: 'AT+CGMM', claims: [(l) => !l.startsWith('+')] });
console.log(`\nmodel: ${model.lines[0]} (the +CEREG URC that arrived mid-command went to urc$)\n`);
const done = engine.waitForUrc('+FTPGET: 1,0', { timeoutMs: 1000 });
const read = await engine.run({ text: 'AT+FTPGET=2,1460', incoming: { dataAfter: lengthAnnouncedBy('+FTPGET: 2,', 1) } });
await done;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').slice(0, 16);
console.log(`\npayload: ${read.payloadBytes} bytes, sha256 ${sha(read.payload ?? new Uint8Array())}… sent ${sha(payload)}…`);
console.log(read.payload && Buffer.from(read.payload).equals(Buffer.from(payload)) ? 'identical: OK inside the data did not end it' : 'MISMATCH');
await engine.close();
