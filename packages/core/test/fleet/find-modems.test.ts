import { SerialPort } from 'serialport';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModems } from '../../src/fleet/find-modems.js';
import { interfaceNumberOf } from '../../src/fleet/port-list.js';
import { USB_MODEMS, lookupUsbModem } from '../../src/fleet/usb-ids.js';
import { hasSocat } from '../support/socat.js';

const mustRun = process.env.CI === 'true';
if (!hasSocat && !mustRun) console.warn('SKIPPED findModems pty test: socat is not installed (apt-get install socat)');
const drivers = [quectel(), simcom()];

describe.runIf(hasSocat || mustRun)('findModems over virtual modems on ptys', () => {
  const vms: VirtualModem[] = [];
  let ec25: VirtualModem;
  let sim: VirtualModem;
  let silent: VirtualModem;
  let held: VirtualModem;
  let holder: SerialPort;
  const received: string[] = [];

  beforeAll(async () => {
    [ec25, sim, silent, held] = await Promise.all([
      startVirtualModem({ model: 'EC25', link: 'pty' }),
      startVirtualModem({ model: 'SIM7080G', link: 'pty' }),
      startVirtualModem({ model: 'EC25', link: 'pty', faults: { silentAfterCommands: 0 } }),
      startVirtualModem({ model: 'SIM7080G', link: 'pty' }),
    ]);
    vms.push(ec25, sim, silent, held);
    // Another program has this one open with its lock, as ModemManager or a terminal would.
    holder = new SerialPort({ path: held.path as string, baudRate: 115200, lock: true, autoOpen: false });
    await new Promise<void>((resolve, reject) => holder.open((err) => (err ? reject(err) : resolve())));
    holder.on('data', (d: Buffer) => received.push(d.toString('latin1')));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (holder?.isOpen ? holder.close(() => resolve()) : resolve()));
    await Promise.all(vms.map((vm) => vm.close()));
  });

  it('identifies each module, reads the IMEI where the module gives it, and skips busy and silent ports with a reason', async () => {
    const paths = [ec25.path, sim.path, silent.path, held.path] as string[];
    const found = await findModems({ drivers, paths, probeTimeoutMs: 5000 });
    expect(found.map((f) => f.path)).toEqual(paths);
    expect(found[0]).toMatchObject({ path: ec25.path, vendor: 'quectel', manufacturer: 'Quectel', model: 'EC25', interfaces: [{ path: ec25.path, role: 'at' }] });
    expect(found[0]?.skipped).toBeUndefined();
    expect(found[1]).toMatchObject({ path: sim.path, vendor: 'simcom', model: 'SIMCOM_SIM7080', imei: '869951030000000', interfaces: [{ path: sim.path, role: 'at' }] });
    expect(found[2]?.skipped).toBe('no answer to AT (not an AT interface, or a module in data mode)');
    expect(found[2]?.vendor).toBeUndefined();
    expect(found[3]?.skipped).toMatch(/^busy: another process holds the port/);
    // The busy port was never written to: its module printed its start-up lines and answered nothing.
    await new Promise((r) => setTimeout(r, 50));
    const lines = received.join('').split(/\r\n/).filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => ['RDY', '+CFUN: 1', '+CPIN: READY', 'SMS Ready'].includes(l))).toBe(true);
    // The probe released every port it opened: each can be locked again at once.
    for (const path of [ec25.path, sim.path, silent.path] as string[]) {
      const again = new SerialPort({ path, baudRate: 115200, lock: true, autoOpen: false });
      await new Promise<void>((resolve, reject) => again.open((err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve) => again.close(() => resolve()));
    }
  });
});

describe('findModems over the USB listing', () => {
  it('probes only the AT interface of a known module, labels the others, and ignores unknown USB devices', async () => {
    const ec25 = (n: number) => ({
      path: `/nonexistent/ttyUSB${n}`,
      vendorId: '2c7c',
      productId: '0125',
      pnpId: `usb-Quectel_EC25_0000-if0${n}-port0`,
    });
    const found = await findModems({
      drivers,
      listPorts: async () => [
        ec25(0),
        ec25(1),
        ec25(2),
        ec25(3),
        { path: '/nonexistent/ttyACM0', vendorId: '2341', productId: '0043', pnpId: 'usb-Arduino_Uno-if00' },
      ],
    });
    expect(found).toHaveLength(1);
    const [only] = found;
    expect(only?.path).toBe('/nonexistent/ttyUSB2');
    expect(only?.usb).toEqual({ vendorId: '2c7c', productId: '0125', family: 'EC25 / EG25-G' });
    expect(only?.vendor).toBe('quectel');
    expect(only?.skipped).toMatch(/^cannot open: /);
    expect(only?.interfaces).toEqual([
      { path: '/nonexistent/ttyUSB2', interfaceNumber: 2, role: 'at' },
      { path: '/nonexistent/ttyUSB3', interfaceNumber: 3, role: 'modem' },
      { path: '/nonexistent/ttyUSB0', interfaceNumber: 0, role: 'diag' },
      { path: '/nonexistent/ttyUSB1', interfaceNumber: 1, role: 'nmea' },
    ]);
  });
});

describe('the USB table and interface numbers', () => {
  it('reads the interface from Linux by-id names and Windows PnP ids, and nothing from other names', () => {
    expect(interfaceNumberOf('usb-Quectel_EC25_0000-if02-port0')).toBe(2);
    expect(interfaceNumberOf('USB\\VID_1E0E&PID_9206&MI_05\\6&1A2B3C&0&0005')).toBe(5);
    expect(interfaceNumberOf('pci-0000:00:14.0-usb-0:2:1.0')).toBeUndefined();
    expect(interfaceNumberOf(undefined)).toBeUndefined();
  });

  it('looks IDs up in any hex spelling, and every entry says where it comes from and which interface is AT', () => {
    expect(lookupUsbModem('0x2C7C', '0125')?.family).toBe('EC25 / EG25-G');
    expect(lookupUsbModem('1e0e', '9206')?.interfaces).toEqual({ 0: 'diag', 1: 'nmea', 2: 'at', 3: 'log', 4: 'other', 5: 'modem' });
    expect(lookupUsbModem('2c7c', 'ffff')).toBeUndefined();
    for (const entry of USB_MODEMS) {
      expect(entry.source.length, `${entry.vendorId}:${entry.productId}`).toBeGreaterThan(20);
      expect(entry.interfaces[entry.atInterface]).toBe('at');
    }
  });
});
