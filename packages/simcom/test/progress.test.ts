import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRig, type Rig } from './harness.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

it('chunked upload progress counts a write only once the module asked for the next one (+FTPPUT: 1,1,<max>) or confirmed the file', async () => {
  const data = randomBytes(10_000);
  const ftp = await rig.ftp({ uploadStrategy: 'chunked' });
  rig.clearTrace();
  const lastLineAtEvent: string[] = [];
  let total = 0;
  ftp.trackProgress((p) => {
    total = p.bytes;
    const line = rig.trace.filter((e) => e.dir === 'rx' && (e.kind === 'line' || e.kind === 'urc')).at(-1);
    lastLineAtEvent.push(line?.text ?? '');
  });
  const result = await ftp.uploadFrom(data, 'progress.bin');
  ftp.trackProgress();
  expect(result.bytes).toBe(data.length);
  expect(total).toBe(data.length);
  expect(lastLineAtEvent.length).toBeGreaterThanOrEqual(Math.ceil(data.length / 1460));
  // Not after the module's `+FTPPUT: 2,<n>` / `OK` of the write itself: after its next session line.
  for (const line of lastLineAtEvent) expect(line).toMatch(/^\+FTPPUT: ?1,[01]/);
  await ftp.close();
});
