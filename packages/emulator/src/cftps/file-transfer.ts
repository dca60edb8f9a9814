/**
 * Transfers between the server and module storage (A-MAN §17.2.9/10, S-MAN
 * §12.2.x, S-AN §5.2.3): `AT+CFTPSGETFILE="<remote>"[,<dir>[,<offset>]]` and
 * `AT+CFTPSPUTFILE="<remote>"[,<dir>[,<rest_size>]]`, `OK` then the result
 * URC. The local file carries the remote base name on the drive `<dir>`
 * names. `<offset>` resumes into an existing local file (none: 7, as S-AN
 * §5.2.3 shows); `<rest_size>` sends the local bytes from there with REST.
 * SIM7600's `<dir>` 4 (`/mssl_cert/`) stores a CA for SSL.
 */
import { intInRange, textArg } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { CftpsCode } from './codes.js';
import type { CftpsContext } from './context.js';
import { MAX_REST } from './get.js';
import type { ModuleStore } from './storage.js';

/** A transfer of the local file failed for a reason of the module's own (no file, short file). */
class LocalFileError extends Error {}

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export function fileTransferCommands(ctx: CftpsContext, store: ModuleStore): Record<string, CommandHandler> {
  const { core, session, profile, ssl } = ctx;
  const out = core.out;
  const args = (cmd: Parameters<CommandHandler>[0], certDir: boolean) => {
    const remote = textArg(cmd.args[0], profile.maxPath);
    const dir = cmd.args.length > 1 ? intInRange(cmd.args[1], 1, certDir ? 4 : 3) : 1;
    const offset = cmd.args.length > 2 ? intInRange(cmd.args[2], 0, MAX_REST) : 0;
    const toCerts = certDir && dir === 4;
    const local = remote === undefined || dir === undefined ? undefined : toCerts ? remote.split('/').pop() : store.local(remote, dir);
    if (cmd.form !== 'write' || !remote || !local || offset === undefined || cmd.args.length > 3) return undefined;
    return { remote, local, offset, toCerts };
  };
  // A local-file failure is the module's own code 7; anything else maps as a server transfer does.
  const shape = { phase: 'transfer', namesExisting: true } as const;
  const run = (name: string, body: () => Promise<void>): void =>
    session.run(name, shape, () => body().then(() => String(CftpsCode.ok), (err: unknown) => {
      if (err instanceof LocalFileError) return String(CftpsCode.memory);
      throw err;
    }));
  return {
    '+CFTPSGETFILE': (cmd) => {
      if (cmd.form === 'test') return out.ok();
      const a = args(cmd, profile.certDir);
      if (!a) return out.error();
      if (!session.admit('+CFTPSGETFILE')) return;
      run('+CFTPSGETFILE', async () => {
        const kept = a.toCerts ? undefined : store.get(a.local);
        if (a.offset > 0 && (!kept || kept.length < a.offset)) throw new LocalFileError('no local file to resume into');
        const chunks: Buffer[] = kept && a.offset > 0 ? [kept.subarray(0, a.offset)] : [];
        const handle = session.backend.download(a.remote, (c) => void chunks.push(Buffer.from(c)), { startAt: a.offset });
        session.transfer = handle;
        await handle.done;
        if (a.toCerts) ssl.certs.set(a.local, Buffer.concat(chunks));
        else store.set(a.local, Buffer.concat(chunks));
      });
    },
    '+CFTPSPUTFILE': (cmd) => {
      if (cmd.form === 'test') return out.ok();
      const a = args(cmd, false);
      if (!a) return out.error();
      if (!session.admit('+CFTPSPUTFILE')) return;
      run('+CFTPSPUTFILE', async () => {
        const data = store.get(a.local);
        if (!data || data.length < a.offset) throw new LocalFileError('no local file to send');
        const handle = session.backend.upload(a.remote, once(data.subarray(a.offset)), { mode: 'store', startAt: a.offset });
        session.transfer = handle;
        await handle.done;
      });
    },
  };
}
