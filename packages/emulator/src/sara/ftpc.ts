/**
 * `AT+UFTPC=<op_code>[,<param1>[,<param2>[,<param3>]]]` (R4-MAN §20.2,
 * digest §4): every op answers `OK` at once and its outcome comes as
 * `+UUFTPCR: <op>,<1|0>`; listings come first as `+UUFTPCD: <op>,<len>,"<data>"`
 * (exactly `<len>` raw bytes after the quote, a long listing split into
 * several URCs). `AT+UFTPER` → `+UFTPER: <class>,<code>` of the last failure.
 */
import { FtpBackendError, type FtpConnectOptions } from '../backend/types.js';
import { intInRange, textArg, type AtArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { SaraContext } from './context.js';
import { directLinkCommand } from './direct-link.js';
import { FtpCode, protocolError, usageError } from './errors.js';
import { MAX_NAME } from './ffs.js';
import { checkDataMode, MAX_REMOTE } from './data-mode.js';

/** Largest `+UUFTPCD` payload [I: not stated, digest §5.3 NF]; `timing.frameBytes` changes it. */
export const LISTING_CHUNK = 2048;

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** A required name argument, or the op's "missing" failure. */
const required = (arg: AtArg | undefined, max: number, missing: number): string => {
  const text = textArg(arg, max);
  if (text === undefined || text === '') throw protocolError(missing);
  return text;
};

export function ftpcCommands(ctx: SaraContext): Record<string, CommandHandler> {
  const { core, ftp, profile } = ctx;
  const out = core.out;
  const direct = directLinkCommand(ctx);
  return {
    '+UFTPC': (cmd) => {
      if (cmd.form === 'test') return out.respond([profile.ftpcTest]);
      const op = intInRange(cmd.args[0], 0, 100);
      if (cmd.form !== 'write' || op === undefined) return out.cmeError(50);
      if (!profile.ftpcOps.has(op)) return out.cmeError(4);
      if (op === 6 || op === 7) return direct(op, cmd);
      if (op === 1) return login(ctx);
      if (!ftp.admit(op)) return;
      run(ctx, op, cmd);
    },
    '+UFTPER': (cmd) => {
      if (cmd.form === 'test') return out.ok();
      if (cmd.form !== 'exec') return out.cmeError(50);
      out.respond([`+UFTPER: ${ftp.lastError.cls},${ftp.lastError.code}`]);
    },
  };
}

function login(ctx: SaraContext): void {
  const { ftp, bearer, options } = ctx;
  if (!ftp.admit(1, false)) return;
  ftp.run(1, { target: 'other' }, async () => {
    const p = ftp.params;
    if (ftp.loggedIn) throw usageError(FtpCode.wrongState);
    // IADG §9.3: AT+UFTPC=1 with no user set fails with +UFTPER: 1,1.
    if (p.user === '') throw protocolError(FtpCode.userMissing);
    const host = p.ip !== '' ? p.ip : p.host;
    if (host === '') throw protocolError(FtpCode.serverMissing);
    if (!bearer.ready()) throw protocolError(FtpCode.noPsd);
    const connect: FtpConnectOptions = {
      host,
      port: p.port,
      user: p.user,
      password: p.password,
      tls: p.secure === 1 ? 'explicit' : false,
      mode: p.mode === 1 ? 'passive' : 'active',
      type: 'binary',
      timeoutSeconds: options.timing?.serverTimeoutSeconds ?? 30,
      ...(options.tls?.ca !== undefined ? { ca: options.tls.ca } : {}),
    };
    const epoch = ftp.epoch;
    await ftp.backend.connect(connect).catch((err: unknown) => {
      // A server that refuses AUTH TLS leaves the module without a secure socket (IADG §8: 8,63).
      if (connect.tls !== false && err instanceof FtpBackendError && err.kind === 'server') throw usageError(FtpCode.secureSocket);
      throw err;
    });
    if (ftp.epoch !== epoch) return void (await ftp.backend.close());
    ftp.loggedIn = true;
  });
}

function run(ctx: SaraContext, op: number, cmd: AtCommand): void {
  const { ftp, fs } = ctx;
  const b = ftp.backend;
  const [, a1, a2, a3] = cmd.args;
  const simple = (target: 'file' | 'folder' | 'other', body: () => Promise<void>): void => ftp.run(op, { target }, body);
  switch (op) {
    case 0:
      return simple('other', () => ftp.logout());
    case 2:
      return simple('file', () => b.delete(required(a1, MAX_REMOTE, FtpCode.fileMissing)));
    case 3:
      return simple('file', () => b.rename(required(a1, MAX_REMOTE, FtpCode.fileMissing), required(a2, MAX_REMOTE, FtpCode.fileMissing)));
    case 8:
      return simple('folder', () => b.cwd(required(a1, MAX_REMOTE, FtpCode.dirMissing)));
    case 10:
      return simple('other', () => b.mkdir(required(a1, MAX_REMOTE, FtpCode.dirMissing)));
    case 11:
      return simple('folder', () => b.rmdir(required(a1, MAX_REMOTE, FtpCode.dirMissing)));
    case 13:
    case 14:
      return simple('folder', async () => {
        const path = a1 === undefined ? '' : required(a1, MAX_REMOTE, FtpCode.dirMissing);
        checkDataMode(ctx);
        const data = await (op === 13 ? b.list(path) : b.nlst(path));
        listing(ctx, op, data);
      });
    case 4: {
      let moved = 0;
      return ftp.run(op, { target: 'file', moved: () => moved }, async () => {
        const remote = required(a1, MAX_REMOTE, FtpCode.fileMissing);
        const local = required(a2, MAX_NAME, FtpCode.fileMissing);
        const mode = a3 === undefined ? 0 : intInRange(a3, 0, 1);
        if (mode === undefined) throw protocolError(FtpCode.wrongParameter);
        checkDataMode(ctx);
        // Mode 1 resumes from the local file's end and appends to it (R4-MAN, IADG §9).
        const kept = mode === 1 ? fs.get(local) : undefined;
        const startAt = kept?.length ?? 0;
        const room = fs.free() + (mode === 0 ? (fs.get(local)?.length ?? 0) : 0);
        const chunks: Buffer[] = [];
        let full = false;
        const handle = b.download(remote, (c) => {
          if (moved + c.length > room) {
            full = true;
            handle.abort();
            return;
          }
          chunks.push(Buffer.from(c));
          moved += c.length;
        }, { startAt });
        ftp.transfer = handle;
        try {
          await handle.done;
        } catch (err) {
          if (!full) throw err;
        }
        const data = Buffer.concat(chunks);
        // [I]: what fitted stays in the file, as on a flash that filled up.
        fs.set(local, kept ? Buffer.concat([kept, data]) : data);
        if (full) throw protocolError(FtpCode.ffsWrite);
      });
    }
    case 5:
      return ftp.run(op, { target: 'other' }, async () => {
        const local = required(a1, MAX_NAME, FtpCode.fileMissing);
        const remote = required(a2, MAX_REMOTE, FtpCode.fileMissing);
        const offset = a3 === undefined ? 0 : intInRange(a3, 0, 0x7fffffff);
        if (offset === undefined) throw protocolError(FtpCode.wrongParameter);
        const data = fs.get(local);
        if (!data) throw protocolError(68);
        if (offset > data.length) throw protocolError(72);
        checkDataMode(ctx);
        // <offset>: REST before STOR; the local bytes from there are sent [I: IADG "the server writes the file from the offset"].
        const handle = b.upload(remote, once(data.subarray(offset)), { mode: 'store', startAt: offset });
        ftp.transfer = handle;
        await handle.done;
      });
  }
}

/** `+UUFTPCD: <op>,<len>,"<data>"` URCs of at most the chunk size, before `+UUFTPCR`. */
function listing(ctx: SaraContext, op: number, data: Buffer): void {
  const out = ctx.core.out;
  const max = Math.max(1, ctx.options.timing?.frameBytes ?? LISTING_CHUNK);
  for (let at = 0; at < data.length; at += max) {
    const part = data.subarray(at, at + max);
    out.boundary();
    out.frameRaw(Buffer.concat([Buffer.from(`\r\n+UUFTPCD: ${op},${part.length},"`, 'latin1'), part, Buffer.from('"\r\n', 'latin1')]));
  }
}
