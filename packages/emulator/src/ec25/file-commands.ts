import { intArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler, ModemCore } from '../common/modem-core.js';
import { FileStore, fileChecksum, type Drive } from './storage.js';

interface OpenFile {
  key: { drive: Drive; name: string };
  position: number;
  readOnly: boolean;
}

/** AT+QFUPL/QFDWL/QFLST/QFDEL/QFOPEN/QFREAD/QFSEEK/QFCLOSE over a {@link FileStore} (VENDOR-FACTS §B.4). */
export function fileCommands(core: ModemCore, store: FileStore): Record<string, CommandHandler> {
  const out = core.out;
  const handles = new Map<number, OpenFile>();
  let nextHandle = 1;

  const upload: CommandHandler = (cmd) => {
    if (cmd.form === 'test') return out.respond(['+QFUPL: <filename>,<file_size>,<timeout>,<ackmode>']);
    const name = cmd.form === 'write' ? store.parse(cmd.args[0]?.text ?? '') : undefined;
    if (!name) return out.cmeError(406);
    if (store.get(name)) return out.cmeError(407);
    const size = cmd.args.length > 1 ? intArg(cmd.args[1]) : 10240;
    const timeout = cmd.args.length > 2 ? intArg(cmd.args[2]) : 5;
    const ack = cmd.args.length > 3 ? intArg(cmd.args[3]) : 0;
    if (size === undefined || size < 1 || timeout === undefined || timeout < 1 || (ack !== 0 && ack !== 1)) return out.cmeError(400);
    if (size > store.free(name.drive)) return out.cmeError(423);
    return new Promise<void>((resolve) => {
      const chunks: Buffer[] = [];
      let received = 0;
      let timer: unknown;
      const finish = (): void => {
        if (timer !== undefined) core.clock.clearTimeout(timer);
        core.exitRaw();
        const data = Buffer.concat(chunks);
        store.put(name, data);
        out.respond([`+QFUPL: ${data.length},${fileChecksum(data)}`]);
        resolve();
      };
      // <timeout>: the upload ends when no byte arrived for this long.
      const rearm = (): void => {
        if (timer !== undefined) core.clock.clearTimeout(timer);
        timer = core.clock.setTimeout(finish, timeout * 1000);
      };
      out.line('CONNECT');
      rearm();
      core.enterRaw((chunk) => {
        const take = Math.min(chunk.length, size - received);
        const before = received;
        chunks.push(Buffer.from(chunk.subarray(0, take)));
        received += take;
        // ACK mode: one 'A' after every 1024 bytes, so hosts without flow control can pace.
        if (ack === 1) for (let k = Math.floor(before / 1024) + 1; k <= Math.floor(received / 1024); k++) if (received < size) out.raw('A');
        if (received >= size) finish();
        else rearm();
        return take;
      });
    });
  };

  const download: CommandHandler = (cmd) => {
    if (cmd.form === 'test') return out.respond(['+QFDWL: <filename>']);
    const name = cmd.form === 'write' ? store.parse(cmd.args[0]?.text ?? '') : undefined;
    const data = name ? store.get(name) : undefined;
    if (!data) return out.cmeError(405);
    out.line('CONNECT');
    out.raw(data);
    out.respond([`+QFDWL: ${data.length},${fileChecksum(data)}`]);
  };

  const list: CommandHandler = (cmd) => {
    if (cmd.form === 'test') return out.ok();
    const pattern = cmd.form === 'write' ? (cmd.args[0]?.text ?? '*') : '*';
    const m = /^(?:(UFS|RAM|SD):)?(.*)$/i.exec(pattern) as RegExpExecArray;
    const prefix = m[1] ? `${m[1].toUpperCase()}:` : '';
    const drive = (m[1]?.toUpperCase() ?? 'UFS') as Drive;
    const glob = new RegExp(`^${(m[2] ?? '*').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const files = store.list(drive).filter((f) => glob.test(f.name));
    // Quoted names with the drive prefix the query used (AN §2.5 example; VENDOR-FACTS §B.4).
    out.respond(files.map((f) => `+QFLST: "${drive === 'UFS' ? prefix : `${drive}:`}${f.name}",${f.size}`));
  };

  const del: CommandHandler = (cmd) => {
    if (cmd.form === 'test') return out.ok();
    const text = cmd.args[0]?.text ?? '';
    if (text === '*' || /^(UFS|RAM|SD):\*$/i.test(text)) {
      store.clearDrive((text === '*' ? 'UFS' : text.slice(0, text.indexOf(':')).toUpperCase()) as Drive);
      return out.ok();
    }
    const name = store.parse(text);
    if (!name) return out.cmeError(406);
    if ([...handles.values()].some((h) => FileStore.key(h.key) === FileStore.key(name))) return out.cmeError(426);
    return store.delete(name) ? out.ok() : out.cmeError(405);
  };

  const open: CommandHandler = (cmd) => {
    if (cmd.form === 'test') return out.ok();
    const name = cmd.form === 'write' ? store.parse(cmd.args[0]?.text ?? '') : undefined;
    const mode = cmd.args.length > 1 ? intArg(cmd.args[1]) : 0;
    if (!name) return out.cmeError(406);
    if (mode === undefined || mode < 0 || mode > 2) return out.cmeError(400);
    if ([...handles.values()].some((h) => FileStore.key(h.key) === FileStore.key(name))) return out.cmeError(426);
    const exists = store.get(name) !== undefined;
    if (mode === 2 && !exists) return out.cmeError(405);
    if (mode === 1 || !exists) store.put(name, Buffer.alloc(0));
    const fh = nextHandle++;
    handles.set(fh, { key: name, position: 0, readOnly: mode === 2 });
    out.respond([`+QFOPEN: ${fh}`]);
  };

  const withHandle = (cmd: AtCommand, run: (h: OpenFile, data: Buffer) => void): void => {
    const h = handles.get(intArg(cmd.args[0]) ?? -1);
    const data = h ? store.get(h.key) : undefined;
    if (cmd.form !== 'write' || !h || !data) return out.cmeError(416);
    run(h, data);
  };

  const read: CommandHandler = (cmd) =>
    withHandle(cmd, (h, data) => {
      const want = cmd.args.length > 1 ? intArg(cmd.args[1]) : data.length - h.position;
      if (want === undefined || want < 0) return out.cmeError(400);
      const part = data.subarray(h.position, h.position + want);
      h.position += part.length;
      out.line(`CONNECT ${part.length}`);
      out.raw(part);
      out.ok();
    });

  const seek: CommandHandler = (cmd) =>
    withHandle(cmd, (h, data) => {
      const offset = intArg(cmd.args[1]);
      const origin = cmd.args.length > 2 ? intArg(cmd.args[2]) : 0;
      if (offset === undefined || origin === undefined || origin < 0 || origin > 2) return out.cmeError(400);
      const target = (origin === 0 ? 0 : origin === 1 ? h.position : data.length) + offset;
      if (target < 0 || target > data.length) return out.cmeError(401);
      h.position = target;
      out.ok();
    });

  const close: CommandHandler = (cmd) => withHandle(cmd, (_h) => {
    handles.delete(intArg(cmd.args[0]) ?? -1);
    out.ok();
  });

  return { '+QFUPL': upload, '+QFDWL': download, '+QFLST': list, '+QFDEL': del, '+QFOPEN': open, '+QFREAD': read, '+QFSEEK': seek, '+QFCLOSE': close };
}
