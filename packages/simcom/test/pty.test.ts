import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { needsDebianTool } from '../../../test/support/debian-tool.js';
import { allBytes, dangerousPayload, sha256, startRig } from './harness.js';

it.runIf(needsDebianTool('socat', 'socat', 'simcom pty end-to-end test'))('works end to end through a real serial port (pty link, openModem({ path }))', async () => {
  const rig = await startRig({ link: 'pty' });
  try {
    expect(rig.vm.path).toMatch(/^\/dev\/pts\/|\//);
    const data = Buffer.concat([allBytes(2000), dangerousPayload()]);
    for (const uploadStrategy of ['etput', 'extput', 'chunked']) {
      const session = await rig.ftp({ uploadStrategy });
      await session.uploadFrom(data, `pty-${uploadStrategy}.bin`);
      expect(sha256(await readFile(join(rig.server.root, `pty-${uploadStrategy}.bin`)))).toBe(sha256(data));
      await session.close();
    }
    await writeFile(join(rig.server.root, 'pty-src.bin'), data);
    for (const downloadStrategy of ['etget', 'extget', 'chunked']) {
      const session = await rig.ftp({ downloadStrategy });
      const parts: Buffer[] = [];
      await session.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), 'pty-src.bin');
      expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
      await session.close();
    }
    const ftp = await rig.ftp();
    expect((await ftp.listNames()).sort()).toContain('pty-src.bin');
    await ftp.close();
  } finally {
    await rig.close();
  }
}, 30_000);
