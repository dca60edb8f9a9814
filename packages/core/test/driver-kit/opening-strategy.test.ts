import { describe, expect, it } from 'vitest';
import { AtCommandError } from '../../src/errors/engine-errors.js';
import { openingResult } from '../../src/driver-kit/opening-result.js';
import { runStrategies, StrategyMemory } from '../../src/driver-kit/strategies.js';

describe('openingResult', () => {
  const get = openingResult('FTPGET', { lead: ['1'], open: [1] });
  const put = openingResult('FTPPUT', { lead: ['1'], open: [1] });

  it('takes "open" and "done" as success, with and without spaces', () => {
    for (const line of ['+FTPGET: 1,1', '+FTPGET:1,1', '+FTPGET: 1, 1', '+FTPGET: 1,0']) {
      expect(get.ok.test(line)).toBe(true);
      expect(get.failed.test(line)).toBe(false);
      expect(get.any.test(line)).toBe(true);
    }
    expect(get.parse('+FTPGET:1,1')).toEqual({ ok: true, values: [], vendorCode: 1, serverReply: undefined });
    expect(put.parse('+FTPPUT: 1,1,1360')).toEqual({ ok: true, values: ['1360'], vendorCode: 1, serverReply: undefined });
  });

  it('takes every other code as failure, and never another command\'s line', () => {
    for (const line of ['+FTPGET: 1,66', '+FTPGET:1,10', '+FTPGET: 1,77,0']) {
      expect(get.failed.test(line)).toBe(true);
      expect(get.ok.test(line)).toBe(false);
    }
    expect(get.parse('+FTPGET: 1,79')).toMatchObject({ ok: false, vendorCode: 79 });
    // `2,<n>` is a read's length announcement, not a session line.
    expect(get.any.test('+FTPGET: 2,100')).toBe(false);
    expect(get.any.test('+FTPGETX: 1,1')).toBe(false);
  });
});

describe('StrategyMemory keeps the caller\'s choice', () => {
  it('a winner of an earlier transfer does not go before a strategy the user chose', async () => {
    const memory = new StrategyMemory<'et' | 'ext' | 'chunked'>();
    const tried: string[] = [];
    const attempt = async (s: 'et' | 'ext' | 'chunked') => {
      tried.push(s);
      if (s === 'et') throw new AtCommandError('AT+FTPETGET=1', 'ERROR');
      return s;
    };
    await runStrategies({ order: ['et', 'ext', 'chunked'], memory }, attempt, () => 0);
    expect(memory.winner).toBe('ext');
    tried.length = 0;
    await expect(runStrategies({ order: ['chunked', 'et', 'ext'], memory }, attempt, () => 0)).resolves.toBe('chunked');
    expect(tried).toEqual(['chunked']);
    // The refusal still holds for the default order.
    tried.length = 0;
    await runStrategies({ order: ['et', 'ext', 'chunked'], memory }, attempt, () => 0);
    expect(tried).toEqual(['ext']);
  });
});
