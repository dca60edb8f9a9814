export { findModems, type FindModemsOptions, type FoundModem, type ModemInterface } from './find-modems.js';
export { openModems, type Fleet, type FleetResult, type FleetTarget, type OpenModemsOptions } from './open-modems.js';
export { FleetMember, type FleetJob, type FleetJobContext, type FleetMemberState, type FleetRunOptions } from './member.js';
export type { FleetTraceEvent } from './trace-ring.js';
export { probePort, type ProbeOutcome, type ProbePortOptions } from './probe-port.js';
export { candidatesFrom, interfaceNumberOf, listSerialPorts, type CandidatePort, type ListedPort } from './port-list.js';
export { USB_MODEMS, lookupUsbModem, type InterfaceRole, type UsbModemEntry } from './usb-ids.js';
