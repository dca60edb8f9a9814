import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { knownLengthAfter } from '../../src/engine/data-helpers.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import type { AtCommand } from '../../src/engine/command.js';
import { concatBytes, enc, splitAt } from '../support/bytes.js';
import { ScriptedModem } from '../support/scripted-modem.js';

afterEach(() => vi.useRealTimers());

const TRAILER = /\r\nOK\r\n(?:\r\n)?(\+QFTPGET: ?[1-9]\d*,\d+)\r\n$/;
const QUIET_MS = 150;
const HOLD = 48;
const FAKE = enc('\r\nOK\r\n\r\n+QFTPGET: 616,0\r\n');
const REAL = enc('\r\nOK\r\n\r\n+QFTPGET: 627,550\r\n');

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

function command(length: number, received: Uint8Array[]): AtCommand {
  return {
    text: `AT+QFTPGET="f","COM:",0,${length}`,
    resultUrc: { match: /^\+QFTPGET: ?0,/, timeoutMs: 10_000 },
    timeoutMs: 10_000,
    incoming: {
      dataAfter: knownLengthAfter('CONNECT', length),
      sink: (chunk) => void received.push(chunk.slice()),
      trailer: { pattern: TRAILER, maxBytes: HOLD, quietMs: QUIET_MS, error: (line) => new Error(`module: ${line}`) },
    },
  };
}

/**
 * Sends `stream` after CONNECT in the given pieces, pausing between them. A pause right after
 * payload that ends in a trailer-shaped tail is kept under the quiet time: such a stall is the one
 * thing the rule cannot tell from a real trailer (documented on TrailerFacts).
 */
async function play(length: number, stream: Uint8Array, cuts: number[], stalls: number[], epilogue: string) {
  vi.useFakeTimers();
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, () => '\r\nCONNECT\r\n');
  const engine = new AtEngine(host);
  const received: Uint8Array[] = [];
  const result = engine.run(command(length, received)).then(
    (r) => ({ ok: true as const, r }),
    (e: unknown) => ({ ok: false as const, e: e as Error & { payloadBytes?: number } }),
  );
  await vi.advanceTimersByTimeAsync(1);
  const pieces = splitAt(stream, [...new Set(cuts)].sort((a, b) => a - b));
  let sent = 0;
  for (const [i, piece] of pieces.entries()) {
    modem.send(piece);
    sent += piece.length;
    const tail = stream.subarray(Math.max(0, sent - HOLD), sent);
    const complete = sent >= length;
    let stall = stalls[i % Math.max(1, stalls.length)] ?? 0;
    if (!complete && TRAILER.test(latin1(tail)) && i < pieces.length - 1) stall = Math.min(stall, QUIET_MS - 1);
    await vi.advanceTimersByTimeAsync(stall);
  }
  if (epilogue) modem.send(epilogue);
  await vi.advanceTimersByTimeAsync(QUIET_MS + 10);
  const outcome = await result;
  await engine.close();
  return { outcome, received: concatBytes(...received) };
}

/** Random payload bytes with trailer look-alikes spliced in. */
const payloadWithFakes = (min: number, max: number) =>
  fc
    .tuple(fc.uint8Array({ minLength: min, maxLength: max }), fc.array(fc.nat(), { maxLength: 3 }))
    .map(([bytes, at]) => {
      let out: Uint8Array = bytes;
      for (const a of at) {
        const i = a % (out.length + 1);
        out = concatBytes(out.subarray(0, i), FAKE, out.subarray(i));
      }
      return out;
    });

describe('a vendor error trailer inside an exact-length range (incoming.trailer)', () => {
  it('never cuts a complete range short, whatever trailers it contains and however it stalls', async () => {
    await fc.assert(
      fc.asyncProperty(
        payloadWithFakes(0, 400),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 * QUIET_MS }), { minLength: 1, maxLength: 8 }),
        async (body, endsWithFake, cutSeeds, stalls) => {
          const payload = endsWithFake ? concatBytes(body, FAKE) : body;
          if (payload.length === 0) return;
          const cuts = cutSeeds.map((c) => c % payload.length);
          const { outcome, received } = await play(payload.length, payload, cuts, stalls, `\r\nOK\r\n\r\n+QFTPGET: 0,${payload.length}\r\n`);
          expect(outcome.ok).toBe(true);
          expect(latin1(received)).toBe(latin1(payload));
          if (outcome.ok) expect(outcome.r.payloadBytes).toBe(payload.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('always recognises a real trailer, delivering exactly the bytes before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        payloadWithFakes(0, 300),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 * QUIET_MS }), { minLength: 1, maxLength: 8 }),
        async (before, missing, cutSeeds, stalls) => {
          const stream = concatBytes(before, REAL);
          // The module broke off the range: fewer bytes than asked arrive, then its trailer.
          const length = stream.length + missing;
          const cuts = cutSeeds.map((c) => c % stream.length);
          const { outcome, received } = await play(length, stream, cuts, stalls, '');
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) {
            expect(outcome.e.message).toBe('module: +QFTPGET: 627,550');
            expect(outcome.e.payloadBytes).toBe(before.length);
          }
          expect(latin1(received)).toBe(latin1(before));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the bytes after a recognised trailer are text again: the next command is answered normally', async () => {
    vi.useFakeTimers();
    const { host, device } = createMemoryLink();
    const modem = new ScriptedModem(device, (c) => (c.startsWith('AT+QFTPGET') ? ['\r\nCONNECT\r\n', enc('abc'), REAL] : '\r\n+QFTPSTAT: "IDLE"\r\n\r\nOK\r\n'));
    const engine = new AtEngine(host);
    const received: Uint8Array[] = [];
    const failed = engine.run(command(1000, received)).catch((e: unknown) => e);
    const next = engine.run({ text: 'AT+QFTPSTAT', claims: ['+QFTPSTAT:'] });
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1);
    expect(await failed).toMatchObject({ message: 'module: +QFTPGET: 627,550', payloadBytes: 3 });
    await vi.advanceTimersByTimeAsync(1);
    await expect(next).resolves.toMatchObject({ lines: ['+QFTPSTAT: "IDLE"'], final: 'OK' });
  });
});
