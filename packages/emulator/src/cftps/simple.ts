/**
 * The one-command operations on the server (A-MAN §17.2.6–12, S-MAN §12.2):
 * `OK`, then `+CFTPS<NAME>: 0` (or the size, or the quoted directory) or
 * `+CFTPS<NAME>: <err>`. They run on the one logged-in control connection.
 */
import type { FtpBackend } from '../backend/types.js';
import { textArg } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { CftpsContext } from './context.js';

interface SimpleSpec {
  /** A 550 to this command means "no such file or directory" (17), not "rejected" (9). */
  namesExisting: boolean;
  /** Runs it; returns the URC tail. */
  run: (backend: FtpBackend, path: string) => Promise<string>;
}

const WITH_PATH: Readonly<Record<string, SimpleSpec>> = {
  '+CFTPSCWD': { namesExisting: true, run: async (b, p) => (await b.cwd(p), '0') },
  // Q3: a size prints like a code (`+CFTPSSIZE: 7` is a 7-byte file or error 7), as on the module.
  '+CFTPSSIZE': { namesExisting: true, run: async (b, p) => String(await b.size(p)) },
  '+CFTPSDELE': { namesExisting: true, run: async (b, p) => (await b.delete(p), '0') },
  '+CFTPSMKD': { namesExisting: false, run: async (b, p) => (await b.mkdir(p), '0') },
  '+CFTPSRMD': { namesExisting: true, run: async (b, p) => (await b.rmdir(p), '0') },
};

export function simpleCommands(ctx: CftpsContext): Record<string, CommandHandler> {
  const { core, session, profile } = ctx;
  const out = core.out;
  const table: Record<string, CommandHandler> = {
    '+CFTPSPWD': (cmd) => {
      if (cmd.form !== 'exec') return out.error();
      if (!session.admit('+CFTPSPWD')) return;
      // The directory is quoted (A-AN §3.1.3 `+CFTPSPWD: "/TEST1129"`); an error is a bare number.
      return ctx.runSessionOp('+CFTPSPWD', { phase: 'command' }, async () => `"${await session.backend.pwd()}"`);
    },
  };
  for (const [name, spec] of Object.entries(WITH_PATH)) {
    table[name] = (cmd) => {
      if (cmd.form === 'test') return out.ok();
      const path = textArg(cmd.args[0], profile.maxPath);
      if (cmd.form !== 'write' || !path || cmd.args.length !== 1) return out.error();
      if (!session.admit(name)) return;
      session.run(name, { phase: 'command', namesExisting: spec.namesExisting }, () => spec.run(session.backend, path));
    };
  }
  return table;
}
