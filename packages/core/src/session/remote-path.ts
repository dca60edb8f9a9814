import { posix } from 'node:path';

/**
 * Remote path arithmetic, POSIX-style as FTP servers use it. Drivers for
 * modules without a CWD command (SIMCom) resolve every path with these.
 */
export const remotePath = {
  /** Resolves `path` against the working directory `cwd`; the result is absolute and normalised. */
  resolve(cwd: string, path: string): string {
    const joined = path.startsWith('/') ? path : posix.join(cwd, path);
    const normal = posix.normalize(joined);
    return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
  },
  /** Directory part with a trailing slash (`/a/b.txt` → `/a/`), as SIMCom's *PATH parameters expect. */
  dirWithSlash(absolute: string): string {
    const dir = posix.dirname(absolute);
    return dir.endsWith('/') ? dir : `${dir}/`;
  },
  basename(absolute: string): string {
    return posix.basename(absolute);
  },
  /** Every ancestor of an absolute path, outermost first: `/a/b/c` → `/a`, `/a/b`, `/a/b/c`. */
  ancestors(absolute: string): string[] {
    const parts = absolute.split('/').filter(Boolean);
    return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
  },
};
