import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from '../../src/index.js';
import { AtHost } from './at-host.js';

/** An EC25 on a memory link, echo off, PDP context 1 active, account set. */
export async function ec25Session(
  server: { port: number; user: string; password: string },
  extra: Partial<VirtualModemOptions> = {},
): Promise<{ vm: VirtualModem; host: AtHost }> {
  const vm = await startVirtualModem({ model: 'EC25', link: 'memory', timing: { asyncCloseMs: 150, busyAfterDataFailureMs: 300 }, ...extra });
  const host = new AtHost(vm.transport!);
  await host.until('+QIND: PB DONE\r\n');
  await host.cmd('ATE0');
  await host.cmd('ATS12=10');
  await host.cmd('AT+QICSGP=1,1,"internet","","",1');
  await host.cmd('AT+QIACT=1');
  await host.cmd(`AT+QFTPCFG="account","${server.user}","${server.password}"`);
  await host.cmd('AT+QFTPCFG="transmode",1');
  void server.port;
  return { vm, host };
}
