import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FtpError, type FileInfo, type Modem, type FtpCapabilities } from '@cellftp/core';

/** Where the application sends its files. */
export interface Target {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** What the application observed, for the suite to compare across vendors. */
export interface ApplicationReport {
  capabilities: FtpCapabilities;
  uploaded: number;
  listed: FileInfo | undefined;
  namesAfterUpload: string[];
  size: number;
  lastMod: Date;
  downloadedSha: string;
  resumedSha: string;
  resumedBytes: number;
  appendedSize: number;
  renamedNames: string[];
  finalNames: string[];
  pwdAfterEnsureDir: string;
  errors: Record<'wrongPassword' | 'missingFile' | 'missingDirectory' | 'downloadMissing' | 'uploadIntoMissingDirectory', { code: string; vendorCode?: number | undefined }>;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function failure(op: () => Promise<unknown>): Promise<{ code: string; vendorCode?: number | undefined }> {
  try {
    await op();
  } catch (error) {
    if (error instanceof FtpError) return { code: error.code, vendorCode: error.vendorCode };
    throw error;
  }
  return { code: 'NO_ERROR' };
}

/**
 * A device maker's application, written once against `FtpSession`: there is
 * no vendor branch anywhere below. The suite runs it unchanged on every
 * virtual modem.
 */
export async function runApplication(modem: Modem, target: Target, payload: Uint8Array): Promise<ApplicationReport> {
  const dir = mkdtempSync(join(tmpdir(), 'cellftp-app-'));
  await modem.connect({ apn: 'internet' });
  const ftp = await modem.ftp({ ...target });
  await ftp.ensureDir('/conformance/run');
  const pwdAfterEnsureDir = await ftp.pwd();
  const uploaded = (await ftp.uploadFrom(payload, 'all-bytes.bin')).bytes;
  const listing = await ftp.list();
  const namesAfterUpload = (await ftp.listNames()).sort();
  const size = await ftp.size('all-bytes.bin');
  const lastMod = await ftp.lastMod('all-bytes.bin');

  await ftp.downloadTo(join(dir, 'back.bin'), 'all-bytes.bin');
  const downloadedSha = sha256(readFileSync(join(dir, 'back.bin')));

  const half = Math.floor(payload.length / 2);
  writeFileSync(join(dir, 'resume.bin'), payload.subarray(0, half));
  const resumedBytes = (await ftp.downloadTo(join(dir, 'resume.bin'), 'all-bytes.bin', { startAt: half })).bytes;
  const resumedSha = sha256(readFileSync(join(dir, 'resume.bin')));

  await ftp.uploadFrom(payload.subarray(0, 1000), 'log.txt');
  await ftp.appendFrom(payload.subarray(1000, 3000), 'log.txt');
  const appendedSize = await ftp.size('log.txt');

  // A module without a rename command says so in its capabilities; the application copies instead.
  if (ftp.capabilities.rename === false) {
    await ftp.uploadFrom(payload, 'renamed.bin');
    await ftp.remove('all-bytes.bin');
  } else await ftp.rename('all-bytes.bin', 'renamed.bin');
  const renamedNames = (await ftp.listNames()).sort();
  await ftp.remove('renamed.bin');
  await ftp.remove('log.txt');
  await ftp.cd('/conformance');
  await ftp.removeEmptyDir('run');
  const finalNames = (await ftp.listNames()).sort();

  const errors = {
    missingFile: await failure(() => ftp.size('no-such-file.bin')),
    missingDirectory: await failure(() => ftp.cd('/no/such/directory')),
    downloadMissing: await failure(() => ftp.downloadTo(join(dir, 'never.bin'), 'no-such-file.bin')),
    uploadIntoMissingDirectory: await failure(() => ftp.uploadFrom(payload.subarray(0, 100), '/no/such/directory/x.bin')),
  };
  await ftp.close();
  // One FTP session per module: the failed login is tried once the session above is closed.
  const wrongPassword = await failure(() => modem.ftp({ ...target, password: `${target.password}-wrong` }));
  return {
    capabilities: ftp.capabilities,
    uploaded,
    listed: listing.find((e) => e.name === 'all-bytes.bin'),
    namesAfterUpload,
    size,
    lastMod,
    downloadedSha,
    resumedSha,
    resumedBytes,
    appendedSize,
    renamedNames,
    finalNames,
    pwdAfterEnsureDir,
    errors: { ...errors, wrongPassword },
  };
}
