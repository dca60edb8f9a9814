import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { proftpdAvailable, requireTool, startProftpd, type ProftpdServer } from '@cellftp/emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSocat, runCli } from './support/run-cli.js';

const run = requireSocat() && requireTool(proftpdAvailable(), 'proftpd (with proftpd-mod-crypto)');

// The virtual modems are given no trust of their own: only the PEM the CLI writes to the module lets the certificate pass.
describe.runIf(run).each(['EC25', 'SIM7080G'] as const)('cellftp --ca on a virtual %s', (model) => {
  let server: ProftpdServer;
  let vm: VirtualModem;
  let dir: string;
  let caPath: string;

  beforeAll(async () => {
    server = await startProftpd();
    vm = await startVirtualModem({ model, link: 'pty', baudRate: 921600 });
    dir = await mkdtemp(join(tmpdir(), 'cellftp-cli-ca-'));
    caPath = join(dir, 'ca.pem');
    await writeFile(caPath, server.ca);
    await writeFile(join(server.root, 'hello.txt'), 'hello');
  }, 20_000);
  afterAll(async () => {
    await vm?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ls = (extra: string[]) =>
    runCli(['ls', '--json', '--no-progress', '--port', vm.path as string, '--baud', '921600', '--secure', 'implicit', ...extra,
      `ftp://${server.user}@127.0.0.1:${server.implicitPort}/`], { CELLFTP_PASSWORD: server.password });

  // First: a module keeps its SSL settings and files, so once the CA is on it, it stays trusted.
  it('without a CA the server is refused (Quectel: TLS 631; SIMCom: no CA to verify against)', async () => {
    const refused = await ls([]);
    expect(refused.code, refused.stdout).not.toBe(0);
    expect(refused.stderr).toMatch(model === 'EC25' ? /TLS/ : /CA/);
  });

  it('verifies the server against the local CA it writes to the module', async () => {
    const listed = await ls(['--ca', caPath]);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { entries: Array<{ name: string }> }).entries.map((e) => e.name)).toContain('hello.txt');
  });
});
