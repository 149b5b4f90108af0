export { simulatePlatform } from './simulate-platform.js';
export { generatePlatform } from './generate-platform.js';
export { SIMULATE_DEFAULTS } from './options.js';
export type { SimulateOptions, SimulationProcess, ResolvedSimulateOptions } from './options.js';
export type { SimulatedTruth, SimulatedPlatform, SimulatedPlatformStream, SimulatedUserChunk } from './types.js';
