import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dangerousPayload, sha256, startRig } from './harness.js';

// AT+FTPSSL arrived in a later revision of the SIM7070/7080/7090 command set: older firmware answers ERROR.
describe('a SIM7080G firmware without AT+FTPSSL (emulator variant no-ftpssl)', () => {
  it('still does plain FTP, byte exact', async () => {
    const rig = await startRig({ variants: ['no-ftpssl'] });
    try {
      const ftp = await rig.ftp();
      expect(rig.commands()).toContain('AT+FTPSSL=0,0,"",""');
      const data = dangerousPayload();
      await ftp.uploadFrom(data, 'old-firmware.bin');
      expect(sha256(await readFile(join(rig.server.root, 'old-firmware.bin')))).toBe(sha256(data));
      await ftp.close();
    } finally {
      await rig.close();
    }
  });

  it('fails FTPS with a clear TLS error, and the modem stays usable for plain FTP', async () => {
    const rig = await startRig({ variants: ['no-ftpssl'] });
    try {
      const error = await rig.ftp({ secure: 'explicit', dangerouslyAcceptAnyCertificate: true }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'TLS',
        command: 'AT+FTPSSL=2,1,"",""',
        message: expect.stringContaining('the firmware refused AT+FTPSSL; firmware without it (the command arrived in a later revision'),
      });
      await (await rig.ftp()).close();
    } finally {
      await rig.close();
    }
  });
});
