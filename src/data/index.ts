export * from './schema.js';
export { EventColumns, type ColumnarPlatformData, type EventColumnsReadResult } from './columns/event-columns.js';
export * from './simulate/index.js';
export * from './read/types.js';
export { readEvents } from './read/read-events.js';
export { streamEvents } from './read/stream-events.js';
export { readUsers, type ReadUsersResult } from './read/read-users.js';
export { readCourses, type ReadCoursesResult } from './read/read-courses.js';
export { readPlatform, type PlatformSources, type ReadPlatformOptions, type ReadPlatformResult, type PerTable } from './read/read-platform.js';
export { writeEvents, type WriteEventsOptions, type WriteSummary, type EventsToWrite } from './write/write-events.js';
export type { WriteFormat } from './write/row-sink.js';
export {
  writeSimulatedPlatform,
  type WriteSimulatedPlatformOptions,
  type WriteSimulatedPlatformSummary,
} from './write/write-simulated-platform.js';
