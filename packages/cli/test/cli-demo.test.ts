import { describe, expect, it } from 'vitest';
import { hasSocat, runCli } from './support/run-cli.js';

describe('cellftp demo', () => {
  it('runs both virtual modems, prints the closing table and exits 0 in under a minute', async () => {
    const run = await runCli(['demo'], {}, 70_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeLessThan(60_000);
    // Which link was used is said on screen.
    expect(run.stdout).toContain(hasSocat() ? 'link: pseudo-terminals' : 'link: in memory');
    expect(run.stdout).toMatch(/vendor\s+model\s+up\s+down\s+sha256/);
    expect(run.stdout).toMatch(/quectel\s+EC25\s+256\.0 KiB\s+256\.0 KiB\s+match/);
    expect(run.stdout).toMatch(/quectel\s+BG96\s+256\.0 KiB\s+256\.0 KiB\s+match/);
    expect(run.stdout).toMatch(/simcom\s+SIMCOM_SIM7080\s+256\.0 KiB\s+256\.0 KiB\s+match/);
    expect(run.stdout).toMatch(/ublox\s+SARA-R5\S*\s+256\.0 KiB\s+256\.0 KiB\s+match/);
    // A SARA-R4 stages every transfer in its 236 800-byte flash: it moves 200 KiB.
    expect(run.stdout).toMatch(/ublox\s+SARA-R410M\S*\s+200\.0 KiB\s+200\.0 KiB\s+match/);
    expect(run.stdout).not.toContain('MISMATCH');
    expect(run.stdout).toMatch(/all 7 modems returned identical bytes/);
  }, 80_000);

  it('--json gives one document with a result per vendor (in memory, fast line)', async () => {
    const run = await runCli(['demo', '--json', '--link', 'memory', '--baud', '3000000', '--size', '65536'], {}, 60_000);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { ok: boolean; link: string; results: Array<Record<string, unknown>> };
    expect(doc).toMatchObject({ ok: true, command: 'demo', link: 'memory', baudRate: 3_000_000, size: 65536 });
    expect(doc.results.map((r) => r['vendor'])).toEqual(['quectel', 'quectel', 'simcom', 'simcom', 'simcom', 'ublox', 'ublox']);
    for (const r of doc.results) {
      expect(r).toMatchObject({ bytesUp: 65536, bytesDown: 65536, match: true, upEfficiency: expect.any(Number), downEfficiency: expect.any(Number) });
      expect(r['sha256Sent']).toBe(r['sha256Received']);
    }
  }, 70_000);
});
