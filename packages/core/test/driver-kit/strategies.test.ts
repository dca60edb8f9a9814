import { describe, expect, it } from 'vitest';
import { AtCommandError } from '../../src/errors/engine-errors.js';
import { FtpError } from '../../src/errors/ftp-error.js';
import { runStrategies, StrategyMemory, strategyTable } from '../../src/driver-kit/strategies.js';

describe('strategyTable', () => {
  const table = strategyTable(['com', 'ufs', 'ram'] as const);

  it('orders the choice first, then the fallbacks in table order', () => {
    expect(table.default).toBe('com');
    expect(table.order(undefined, 'downloadStrategy')).toEqual(['com', 'ufs', 'ram']);
    expect(table.order('ram', 'downloadStrategy')).toEqual(['ram', 'com', 'ufs']);
  });

  it('refuses an unknown name the same way for every vendor', () => {
    expect(() => table.order('fast', 'uploadStrategy')).toThrow(
      new FtpError('INVALID_ARGUMENT', 'invalid FTP options: uploadStrategy must be one of com, ufs, ram'),
    );
  });
});

describe('runStrategies', () => {
  const refused = (command: string) => new AtCommandError(command, 'ERROR');

  it('falls back when the firmware refuses a command before a byte moved, and remembers', async () => {
    const memory = new StrategyMemory<'et' | 'ext' | 'chunked'>();
    const tried: string[] = [];
    let moved = 0;
    const attempt = async (s: 'et' | 'ext' | 'chunked') => {
      tried.push(s);
      if (s === 'et') throw refused('AT+FTPETGET=1');
      moved += 10;
      return s;
    };
    await expect(runStrategies({ order: ['et', 'ext', 'chunked'], memory }, attempt, () => moved)).resolves.toBe('ext');
    expect(tried).toEqual(['et', 'ext']);
    expect(memory.winner).toBe('ext');
    // The next transfer on this modem does not pay the refusal again.
    tried.length = 0;
    await runStrategies({ order: ['et', 'ext', 'chunked'], memory }, attempt, () => moved);
    expect(tried).toEqual(['ext']);
  });

  it('never replaces a strategy that already moved bytes', async () => {
    const memory = new StrategyMemory<'a' | 'b'>();
    let moved = 0;
    const attempt = async (s: 'a' | 'b') => {
      if (s === 'a') {
        moved = 5;
        throw refused('AT+A');
      }
      return s;
    };
    await expect(runStrategies({ order: ['a', 'b'], memory }, attempt, () => moved)).rejects.toMatchObject({ final: 'ERROR' });
  });

  it('passes other failures through and reports when every strategy is refused', async () => {
    const memory = new StrategyMemory<'a' | 'b'>();
    const auth = new FtpError('AUTH_FAILED', 'no');
    await expect(runStrategies({ order: ['a', 'b'], memory }, () => Promise.reject(auth), () => 0)).rejects.toBe(auth);
    await expect(runStrategies({ order: ['a', 'b'], memory }, (s) => Promise.reject(refused(s)), () => 0)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'the module refused every transfer strategy (a, b)',
    });
    expect(memory.arrange(['a', 'b'])).toEqual([]);
  });
});
