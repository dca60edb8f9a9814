import type { AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { Ec25Context } from './context.js';
import { isCom } from './ftp-get.js';

type Kind = 'list' | 'nlst' | 'mlsd';

/**
 * AT+QFTPLIST / QFTPNLST (QFTPNLIST in the AT manual v2.0) / QFTPMLSD (AN §2.11–2.13): `<dirname>` "." is the
 * current directory; `<local_name>` defaults to "COM:". The URC carries the name the host typed.
 */
export function qftpListing(ctx: Ec25Context, name: string, kind: Kind): CommandHandler {
  const { core, session } = ctx;
  const out = core.out;
  return (cmd: AtCommand) => {
    if (cmd.form === 'test') return out.respond([`${name}: <dirname>,<local_name>`]);
    const dir = cmd.args[0]?.text;
    const local = cmd.args[1]?.text ?? 'COM:';
    if (cmd.form !== 'write' || !dir || dir.length > 255) return out.cmeError(610);
    if (!session.admit(out)) return;
    const path = dir === '.' ? '' : dir;
    const fetch = (): Promise<Buffer> => (kind === 'list' ? session.backend.list(path) : kind === 'nlst' ? session.backend.nlst(path) : session.backend.mlsd(path));
    session.transferLen = 0;
    if (!isCom(local)) {
      const target = ctx.store.parse(local);
      if (!target) return out.cmeError(610);
      return session.runAsync(out, name, async () => {
        const data = await fetch();
        session.transferLen = data.length;
        return ctx.store.put(target, data) ? `0,${data.length}` : '613,0';
      });
    }
    session.busy = true;
    return fetch().then(
      async (data) => {
        session.busy = false;
        session.transferLen = data.length;
        out.line('CONNECT');
        out.raw(data);
        out.ok();
        out.urc(`${name}: 0,${data.length}`);
        await out.flushed();
      },
      (err: unknown) => {
        session.busy = false;
        out.urc(`${name}: ${session.codesFor(err).join(',')}`);
      },
    );
  };
}
