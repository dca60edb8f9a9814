export { createCftpsModel } from './model.js';
export { A7670E_PROFILE } from './a7670e.js';
export { SIM7600G_PROFILE } from './sim7600g.js';
export type { CftpsProfile } from './profile.js';
