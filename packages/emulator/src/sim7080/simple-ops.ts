/**
 * The one-shot operations (AT manual V1.05 §15.2.16–17, 20–21, 27–28): `OK`, a login → command → logout
 * session, then one result URC.
 */
import type { FtpBackend } from '../backend/index.js';
import type { OpKind, Sim7080Context } from './context.js';
import { FtpCode } from './errors.js';
import { FtpOperation } from './operation.js';

type SimpleKind = Extract<OpKind, 'dele' | 'size' | 'mkd' | 'rmd' | 'rename' | 'mdtm'>;

interface SimpleSpec {
  /** What must be set, else 66 (S-FTPAN §5.5: an empty name is an operation error). */
  needs: (ctx: Sim7080Context) => boolean;
  /** Runs the FTP command; returns the URC tail after `1,0` (e.g. the size). */
  run: (ctx: Sim7080Context, backend: FtpBackend) => Promise<string | undefined>;
}

const SPECS: Record<SimpleKind, SimpleSpec> = {
  dele: { needs: (c) => c.params['+FTPGETNAME'] !== '', run: async (c, b) => void (await b.delete(c.getTarget())) },
  size: { needs: (c) => c.params['+FTPGETNAME'] !== '', run: async (c, b) => String(await b.size(c.getTarget())) },
  // MKD/RMD act on FTPGETPATH itself (§15.2.20–21 notes).
  mkd: { needs: (c) => c.params['+FTPGETPATH'] !== '', run: async (c, b) => void (await b.mkdir(c.params['+FTPGETPATH'])) },
  rmd: { needs: (c) => c.params['+FTPGETPATH'] !== '', run: async (c, b) => void (await b.rmdir(c.params['+FTPGETPATH'])) },
  rename: {
    needs: (c) => c.params['+FTPGETNAME'] !== '' && c.params['+FTPPUTNAME'] !== '',
    run: async (c, b) => void (await b.rename(c.getTarget(), c.putTarget())),
  },
  // The timestamp as the server sent it, without fractional seconds (S-FTPAN §5.18: 14 digits).
  mdtm: { needs: (c) => c.params['+FTPGETNAME'] !== '', run: async (c, b) => (await b.mdtm(c.getTarget())).replace(/\..*$/, '') },
};

class SimpleOperation extends FtpOperation {
  constructor(
    ctx: Sim7080Context,
    kind: SimpleKind,
    private readonly spec: SimpleSpec,
  ) {
    super(ctx, kind);
  }

  protected async body(backend: FtpBackend): Promise<void> {
    const tail = await this.spec.run(this.ctx, backend);
    const urc = `+FTP${this.kind.toUpperCase()}: 1,${FtpCode.ok}${tail === undefined ? '' : `,${tail}`}`;
    this.finish(FtpCode.ok, urc);
  }
}

/** Starts DELE/SIZE/MKD/RMD/RENAME/MDTM (the caller checked the command form). */
export function startSimple(ctx: Sim7080Context, kind: SimpleKind): void {
  const spec = SPECS[kind];
  new SimpleOperation(ctx, kind, spec).launch(spec.needs(ctx));
}

/** The one-shot kinds, each the `AT+FTP<KIND>` command. */
export const SIMPLE_KINDS = Object.keys(SPECS) as SimpleKind[];
