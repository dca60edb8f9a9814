import { intArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { FtpStat, type Ec25Context } from './context.js';
import { Ec25FtpSession } from './ftp-session.js';
import { sslSetting } from './ssl.js';

/** Longest `<hostname>` (AN §2.2) and server-side name (AN §2.3–2.15). */
const MAX_HOST = 200;
const MAX_PATH = 255;

/** A write command's string argument within the AN's 255-byte limit. */
function pathArg(cmd: AtCommand, index: number): string | undefined {
  const arg = cmd.args[index];
  if (cmd.form !== 'write' || !arg || arg.text.length === 0 || Buffer.byteLength(arg.text, 'latin1') > MAX_PATH) return undefined;
  return arg.text;
}

/** AT+QFTPOPEN/CWD/PWD/SIZE/DEL/MKDIR/RMDIR/MDTM/RENAME(NAME)/LEN/STAT/CLOSE (AN §2.2–2.18). */
export function ftpCommands(ctx: Ec25Context): Record<string, CommandHandler> {
  const { core, session, cfg } = ctx;
  const out = core.out;
  const backend = session.backend;

  /** A command with an execution form only: its test form answers OK, any other ERROR. */
  const execOnly = (run: () => void): CommandHandler => (cmd) => (cmd.form === 'test' ? out.ok() : cmd.form !== 'exec' ? out.error() : run());

  /** An OK-then-URC command on one server path (AN's common pattern). */
  const onPath = (name: string, testLine: string, run: (path: string) => Promise<string>): CommandHandler => (cmd) => {
    if (cmd.form === 'test') return out.respond([`${name}: ${testLine}`]);
    const path = pathArg(cmd, 0);
    if (!path) return out.cmeError(610);
    if (!session.admit(out)) return;
    session.runAsync(out, name, () => run(path));
  };

  const rename = (name: string): CommandHandler => (cmd) => {
    if (cmd.form === 'test') return out.respond([`${name}: <old_name>,<new_name>`]);
    const from = pathArg(cmd, 0);
    const to = pathArg(cmd, 1);
    if (!from || !to) return out.cmeError(610);
    if (!session.admit(out)) return;
    session.runAsync(out, name, () => backend.rename(from, to).then(() => '0,0'));
  };

  const open: CommandHandler = (cmd) => {
    if (cmd.form === 'test') return out.respond(['+QFTPOPEN: <hostname>,<port>']);
    const host = cmd.args[0]?.text;
    const port = cmd.args.length > 1 ? intArg(cmd.args[1]) : 21;
    if (cmd.form !== 'write' || !host || host.length > MAX_HOST || port === undefined || port < 1 || port > 65535) return out.cmeError(610);
    if (!session.admit(out, false)) return;
    if (session.stat === FtpStat.idle) return out.cmeError(603);
    if (!ctx.contexts.get(cfg.contextId)?.active) {
      // The PDP context named by "contextid" must be active first (AN §1.3 step 1).
      out.ok();
      return out.urc('+QFTPOPEN: 605,0');
    }
    const secLevel = Number(sslSetting(ctx.ssl, cfg.sslCtxId, 'seclevel'));
    const caFile = ctx.store.parse(sslSetting(ctx.ssl, cfg.sslCtxId, 'cacert'));
    const caData = caFile ? ctx.store.get(caFile) : undefined;
    const ca = caData ? [caData, ...[ctx.options.tls?.ca ?? []].flat()] : ctx.options.tls?.ca;
    const options = Ec25FtpSession.connectOptions(cfg, host, port, { verifyCertificate: secLevel >= 1, ...(ca !== undefined ? { ca } : {}) });
    session.runAsync(out, '+QFTPOPEN', () => session.open(options).then(() => '0,0'));
  };

  return {
    '+QFTPOPEN': open,
    '+QFTPCWD': onPath('+QFTPCWD', '<path_name>', (p) => backend.cwd(p).then(() => '0,0')),
    '+QFTPPWD': execOnly(() => {
      if (!session.admit(out)) return;
      // AN §3.3 prints the path bare; Quectel's own driver parses it quoted (VENDOR-FACTS §B.3): a variant.
      const quoted = ctx.options.variants?.has('pwd-quoted') === true;
      session.runAsync(out, '+QFTPPWD', () => backend.pwd().then((p) => (quoted ? `0,"${p}"` : `0,${p}`)));
    }),
    '+QFTPSIZE': onPath('+QFTPSIZE', '<file_name>', (p) => backend.size(p).then((n) => `0,${n}`)),
    '+QFTPDEL': onPath('+QFTPDEL', '<file_name>', (p) => backend.delete(p).then(() => '0,0')),
    '+QFTPMKDIR': onPath('+QFTPMKDIR', '<folder_name>', (p) => backend.mkdir(p).then(() => '0,0')),
    '+QFTPRMDIR': onPath('+QFTPRMDIR', '<folder_name>', (p) => backend.rmdir(p).then(() => '0,0')),
    '+QFTPMDTM': onPath('+QFTPMDTM', '<file_name>', (p) => backend.mdtm(p).then((t) => `0,"${t}"`)),
    // The AN names it QFTPRENAME in its contents and examples, QFTPNAME in §2.15's body: both answer.
    '+QFTPRENAME': rename('+QFTPRENAME'),
    '+QFTPNAME': rename('+QFTPNAME'),
    '+QFTPLEN': execOnly(() => {
      out.ok();
      out.urc(`+QFTPLEN: 0,${session.transferLen}`);
    }),
    '+QFTPSTAT': execOnly(() => {
      // The AN §3.6 example prints the line before OK (the §2.17 table puts it after): we follow the example.
      const stat = session.busy && session.stat === FtpStat.idle ? FtpStat.transferring : session.stat;
      out.respond([`+QFTPSTAT: 0,${stat}`]);
    }),
    '+QFTPCLOSE': execOnly(() => {
      if (session.stat === FtpStat.closing) return out.cmeError(603);
      if (session.stat === FtpStat.closed) return out.cmeError(625);
      session.pendingPut?.queue.end();
      session.pendingPut = undefined;
      session.close(out);
    }),
  };
}
