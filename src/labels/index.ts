export type { UserLabel } from './types.js';
