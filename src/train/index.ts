export type { History, EpochLog } from './history.js';
