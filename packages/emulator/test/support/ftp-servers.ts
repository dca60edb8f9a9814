/** The emulator's own tests take the servers from the same export other packages use. */
export * from '../../src/testing/index.js';
