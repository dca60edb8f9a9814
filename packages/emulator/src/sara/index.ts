export { createSaraModel } from './model.js';
export { SARA_R5_PROFILE } from './r5.js';
export { SARA_R410M_PROFILE } from './r410m.js';
export type { SaraProfile } from './profile.js';
