import { describe, expect, it } from 'vitest';
import { FakeCftps, FTP, openFake } from './fake-module.js';

/**
 * A76xx board logs start with `*ATREADY: 1` instead of `RDY` (digest §1;
 * cftps/rules.ts). `openModem`'s restart watch only knows `RDY` and the
 * power-down lines, so after such a restart the driver itself must turn echo
 * off and numeric errors on again before the next command it sends.
 */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('A76xx restart announced by *ATREADY: 1', () => {
  it('connect() sends ATE0 and AT+CMEE=1 again first, once', async () => {
    const fake = new FakeCftps();
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    fake.modem.send('\r\n*ATREADY: 1\r\n');
    await settle();
    let mark = fake.modem.written.length;
    await modem.connect({ apn: 'internet' });
    expect(fake.wireSince(mark)).toBe('ATE0\rAT+CMEE=1\rAT+CGACT?\r');
    mark = fake.modem.written.length;
    await modem.connect({ apn: 'internet' });
    expect(fake.wireSince(mark)).toBe('AT+CGACT?\r');
    await modem.close();
  });

  it('ftp() prepares the module first when no connect() came in between', async () => {
    const fake = new FakeCftps();
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    fake.modem.send('\r\n*ATREADY: 1\r\n');
    await settle();
    const mark = fake.modem.written.length;
    const ftp = await modem.ftp(FTP);
    expect(fake.wireSince(mark).startsWith('ATE0\rAT+CMEE=1\rAT+CFTPS')).toBe(true);
    await ftp.close();
    await modem.close();
  });

  it('RDY is left to openModem: the set-up is sent once, not twice', async () => {
    const fake = new FakeCftps();
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    fake.modem.send('\r\nRDY\r\n');
    await settle();
    const mark = fake.modem.written.length;
    await modem.connect({ apn: 'internet' });
    expect(fake.wireSince(mark)).toBe('ATE0\rAT+CMEE=1\rAT+CGACT?\r');
    await modem.close();
  });
});
