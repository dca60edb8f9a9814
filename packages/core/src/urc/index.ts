export { UrcQueue, waitForUrc, type UrcWaitOptions } from './urc-waiter.js';
