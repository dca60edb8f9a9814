// Compiled with the strictest settings a consumer might use, against the published .d.ts only.
import { FtpError, openModem, type FtpSession, type Modem, type TransferProgress } from '@cellftp/core';
import { EXIT, runCli, type ExitCode } from '@cellftp/cli';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';

export async function firmware(path: string): Promise<number> {
  const modem: Modem = await openModem({ path, baudRate: 115200, drivers: [quectel({ caCert: 'UFS:cacert.pem' }), simcom()] });
  try {
    await modem.connect({ apn: 'internet' });
    const ftp: FtpSession = await modem.ftp({ url: 'ftp://u:p@127.0.0.1/', secure: 'explicit', downloadStrategy: 'com' });
    ftp.trackProgress((p: TransferProgress) => void p.totalBytes);
    const result = await ftp.downloadTo('./fw.bin', '/fw.bin', { startAt: 0 });
    return result.bytes;
  } catch (e) {
    if (e instanceof FtpError && e.code === 'NOT_FOUND') return 0;
    throw e;
  } finally {
    await modem.close();
  }
}

export async function cli(): Promise<ExitCode> {
  const vm: VirtualModem = await startVirtualModem({ model: 'EC25', link: 'memory' });
  await vm.close();
  const code = await runCli(['--help']);
  return code === EXIT.OK ? code : EXIT.INTERNAL;
}
