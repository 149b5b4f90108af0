export { readLines, splitCsvLine, expandPaths, globToRegExp, type TextSource, type NamedTextSource } from './read-lines.js';
export { selectEntities, concatTables, type DailyActivityTable } from './daily-activity-table.js';
export {
  readDailyActivity,
  parseDay,
  type DailyActivityColumns,
  type ReadDailyActivityOptions,
  type DailyActivityReject,
  type DailyActivityResult,
  type DailyActivityStats,
  type CountPrefix,
} from './read-daily-activity.js';
export { activityStaticNames } from './daily-activity-statics.js';
export {
  DailyActivityFeatures,
  type DailyActivityFeaturesConfig,
  type DailyActivityFeaturesJSON,
  type DailyActivityFitted,
  type ActivityAggregates,
} from './daily-activity-features.js';
export { readEntityLabels, alignEntityLabels, toUserLabels, type ReadEntityLabelsOptions } from './read-entity-labels.js';
export {
  readOulad,
  type OuladData,
  type OuladEnrolment,
  type OuladAssessment,
  type OuladSubmission,
  type OuladSources,
  type OuladFiles,
} from './oulad/read-oulad.js';
export { ouladSnapshot, type OuladSnapshot, type OuladSnapshotOptions } from './oulad/oulad-snapshot.js';
export {
  OuladFeatures,
  type OuladFeaturesConfig,
  type OuladFeatureInput,
  type OuladFitted,
  type OuladFeaturesJSON,
} from './oulad/oulad-features.js';
export { OULAD_SEQUENCE_NAMES, OULAD_NUMERIC_NAMES, OULAD_CATEGORIES, ouladSteps } from './oulad/oulad-raw.js';
