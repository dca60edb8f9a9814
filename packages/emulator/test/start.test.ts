import { describe, expect, it } from 'vitest';
import { startVirtualModem, virtualModel, virtualModelNames } from '../src/index.js';

describe('start-up lines on a memory link', () => {
  it.each(virtualModelNames())('%s prints them before answering a command sent at once, and only once', async (model) => {
    const vm = await startVirtualModem({ model, link: 'memory' });
    const chunks: Buffer[] = [];
    const sub = vm.transport!.data$.subscribe((b) => chunks.push(Buffer.from(b)));
    // Written before any macrotask has run: a host driven by promises alone does this.
    await vm.transport!.write(Buffer.from('AT\r'));
    await new Promise((r) => setTimeout(r, 50));
    const text = Buffer.concat(chunks).toString('latin1');
    if (virtualModel(model).vendor === 'ublox') {
      // No source prints a SARA start-up line: it answers with nothing before.
      expect(text).toBe('AT\r\r\nOK\r\n');
    } else {
      expect(text.indexOf('RDY')).toBeGreaterThanOrEqual(0);
      expect(text.indexOf('RDY')).toBeLessThan(text.indexOf('OK'));
      expect(text.split('RDY').length - 1).toBe(1);
    }
    sub.unsubscribe();
    await vm.close();
  });
});
