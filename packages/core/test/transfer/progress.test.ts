import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ProgressHub } from '../../src/transfer/progress.js';
import type { TransferProgress } from '../../src/session/types.js';

describe('ProgressHub / TransferMeter', () => {
  it('counts every byte whether or not anyone listens, and publishes to listeners only while subscribed', () => {
    const scheduler = new VirtualTimeScheduler();
    const hub = new ProgressHub(scheduler);
    const meter = hub.meter('fw.bin', 'download', 4096);
    meter.add(1000); // nobody listens: counted, not published
    const seen: TransferProgress[] = [];
    const sub = hub.progress$.subscribe((p) => seen.push(p));
    scheduler.schedule(() => meter.add(1048), 500);
    scheduler.flush();
    sub.unsubscribe();
    meter.add(2048);
    expect(meter.bytes).toBe(4096);
    expect(seen).toEqual([{ remotePath: 'fw.bin', direction: 'download', bytes: 2048, totalBytes: 4096, bytesPerSecond: 4096 }]);
  });

  it('trackProgress receives the same events and stops when called without a handler', () => {
    const hub = new ProgressHub(new VirtualTimeScheduler());
    const meter = hub.meter('up.bin', 'upload');
    const seen: number[] = [];
    hub.track((p) => seen.push(p.bytes));
    meter.add(10);
    meter.add(5);
    hub.track();
    meter.add(7);
    expect(seen).toEqual([10, 15]);
  });
});
