import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { knownLengthAfter } from '../../src/engine/data-helpers.js';
import { dataTraceEvent, formatTraceEvent, previewBytes, type TraceEvent } from '../../src/trace/trace-event.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem } from '../support/scripted-modem.js';

describe('data trace events build their preview on first read', () => {
  it('reads as the eager preview did, for short and long chunks with unprintable bytes', () => {
    const short = Uint8Array.from([0x41, 0x00, 0x5c, 0x7f, 0x20, 0x0d]);
    const long = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) & 0xff);
    expect(dataTraceEvent('rx', short, 5).text).toBe('A\\x00\\x5c\\x7f \\x0d');
    expect(dataTraceEvent('rx', long, 5).text).toBe(previewBytes(long));
    expect(dataTraceEvent('rx', long, 5).text.endsWith('… (100 bytes)')).toBe(true);
    expect(dataTraceEvent('tx', short, 5, ' (ending the data of X)').text).toBe(`${previewBytes(short)} (ending the data of X)`);
  });

  it('keeps the bytes it was made from when the caller reuses its buffer', () => {
    const buffer = Buffer.from('hello world');
    const event = dataTraceEvent('rx', buffer, 1);
    buffer.fill(0x21);
    expect(event.text).toBe('hello world');
    expect(event.bytes).toBe(11);
  });

  it('is a plain event to readers: spread, JSON and formatTraceEvent see the text', () => {
    const event = dataTraceEvent('rx', Buffer.from('abc'), Date.UTC(2026, 0, 1, 13, 5, 9, 123));
    expect({ ...event, port: 'p' }).toEqual({ dir: 'rx', kind: 'data', text: 'abc', bytes: 3, at: event.at, port: 'p' });
    expect(JSON.parse(JSON.stringify(event))).toMatchObject({ text: 'abc', kind: 'data' });
    expect(formatTraceEvent(event)).toBe('13:05:09.123 rx data abc');
  });

  it('the engine traces each payload chunk with its preview and size', async () => {
    const { host, device } = createMemoryLink();
    const modem = new ScriptedModem(device, () => '\r\nCONNECT\r\n');
    const engine = new AtEngine(host);
    const events: TraceEvent[] = [];
    engine.trace$.subscribe((e) => events.push(e));
    const received: Uint8Array[] = [];
    const done = engine.run({
      text: 'AT+QFTPGET="f","COM:",0,40',
      timeoutMs: 2000,
      incoming: { dataAfter: knownLengthAfter('CONNECT', 40), sink: (c) => void received.push(c.slice()) },
    });
    await new Promise((r) => setTimeout(r, 10));
    const payload = Buffer.alloc(40, 0x61);
    payload[0] = 0x01;
    modem.send(payload);
    modem.send('\r\nOK\r\n');
    await done;
    await engine.close();
    const data = events.filter((e) => e.kind === 'data');
    expect(data.map((e) => e.bytes).reduce((a, b) => a + b, 0)).toBe(40);
    expect(data[0]?.text.startsWith('\\x01aaa')).toBe(true);
    expect(data.map((e) => e.text).join('|')).toBe(data.map((e, i) => previewBytes(i === 0 ? payload.subarray(0, e.bytes) : payload.subarray(40 - e.bytes))).join('|'));
  });
});
