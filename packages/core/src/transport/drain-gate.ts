/** The part of a writable stream a {@link DrainGate} listens to. */
export interface DrainSource {
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * One `drain` wait shared by every write that found a stream's buffer full.
 * A listener per back-pressured write would pile up (Node warns past ten
 * listeners, and each costs a closure and an emitter slot per chunk); here the
 * stream carries at most one `drain` listener at a time however many writes wait.
 */
export class DrainGate {
  #waiting: Promise<void> | undefined;

  constructor(private readonly stream: DrainSource) {}

  /** Resolves on the stream's next `drain`. */
  wait(): Promise<void> {
    this.#waiting ??= new Promise<void>((resolve) => {
      this.stream.once('drain', () => {
        this.#waiting = undefined;
        resolve();
      });
    });
    return this.#waiting;
  }
}

/** A writable the {@link writeWithBackpressure} helper drives: a Node stream or serialport. */
export interface BackpressuredWritable extends DrainSource {
  write(chunk: Uint8Array, callback: (error: Error | null | undefined) => void): boolean;
}

/**
 * Writes `bytes` and resolves once the stream accepted them: at once when its
 * buffer had room (after the write's callback), else on the next `drain`
 * (shared through `gate`). Rejects with the write's error.
 */
export function writeWithBackpressure(stream: BackpressuredWritable, gate: DrainGate, bytes: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ok = true;
    ok = stream.write(bytes, (err) => {
      if (err) reject(err);
      else if (ok) resolve();
    });
    if (!ok) void gate.wait().then(resolve);
  });
}
