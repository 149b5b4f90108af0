import { ConfigError } from '../../errors.js';
import { appendColumns, type FeatureFrame, type FeatureKind } from '../frame.js';
import { DEFAULT_SCORER } from '../sentiment/lexicon-scorer.js';
import type { SentimentScorer } from '../sentiment/scorer.js';
import { registerStep, type FeatureStep, type Json, type RestoreContext, type StepJSON } from '../step.js';
import { float32Columns, float64Array } from '../tables/arena.js';
import { DAY_MS, type EventTables } from '../tables/types.js';
import { fittedOf, requireFitted, requireRows } from './common.js';

/** The per-bucket channels {@link SequenceChannels} can emit, in their default order. */
export const SEQUENCE_CHANNELS = [
  'views', 'watchSeconds', 'completion', 'distinctCourses', 'purchases', 'spend', 'comments', 'commentSentiment',
  'subscriptionActive', 'daysToExpiry', 'cancellations',
] as const;
/** One per-bucket channel name. */
export type SequenceChannel = (typeof SEQUENCE_CHANNELS)[number];

const KINDS: Record<SequenceChannel, FeatureKind> = {
  views: 'count', watchSeconds: 'count', completion: 'share', distinctCourses: 'count', purchases: 'count',
  spend: 'amount', comments: 'count', commentSentiment: 'continuous', subscriptionActive: 'binary',
  daysToExpiry: 'count', cancellations: 'count',
};

/** Options of {@link SequenceChannels}. */
export interface SequenceChannelsOptions {
  /** Which channels, in order. Default: all of {@link SEQUENCE_CHANNELS}. */
  readonly channels?: readonly SequenceChannel[];
  /** Scores comment text for `commentSentiment`. Default: the built-in {@link LexiconSentimentScorer}. */
  readonly scorer?: SentimentScorer;
}

const DEFAULTS = { channels: SEQUENCE_CHANNELS as readonly SequenceChannel[], scorer: DEFAULT_SCORER as SentimentScorer };

/**
 * Sequence channels per time bucket: views, watch seconds, mean completion (progress) of the
 * bucket's views, distinct courses viewed, purchases, spend (purchases + membership payments −
 * refunds), comments, mean comment sentiment (0 without comments), whether a membership is
 * active at the bucket's end, days from the bucket's end to expiry (0 when inactive) and
 * cancellations. Learns nothing; fit only checks its input.
 */
export class SequenceChannels implements FeatureStep {
  private readonly options: { channels: readonly SequenceChannel[]; scorer: SentimentScorer };
  private fitted: { channels: SequenceChannel[] } | undefined;

  /** Stores the options; see {@link SequenceChannelsOptions}. */
  constructor(options: SequenceChannelsOptions = {}) {
    const channels = options.channels ?? DEFAULTS.channels;
    if (!Array.isArray(channels) || channels.length === 0) throw new ConfigError('channels', channels, `a non-empty list of ${SEQUENCE_CHANNELS.join(', ')}`);
    channels.forEach((c, i) => {
      if (!SEQUENCE_CHANNELS.includes(c)) throw new ConfigError(`channels[${i}]`, c, `one of ${SEQUENCE_CHANNELS.join(', ')}`);
    });
    if (new Set(channels).size !== channels.length) throw new ConfigError('channels', channels, 'each channel at most once');
    const scorer = options.scorer ?? DEFAULTS.scorer;
    if (typeof scorer?.score !== 'function' || typeof scorer.name !== 'string') throw new ConfigError('scorer', scorer, 'a SentimentScorer ({ name, score(text) })');
    this.options = { channels: [...channels], scorer };
  }

  /** Checks the frame has rows; returns this. */
  fit(frame: FeatureFrame): this {
    requireRows(frame, 'SequenceChannels');
    this.fitted = { channels: [...this.options.channels] };
    return this;
  }

  /** Appends one sequence column per channel. */
  transform(frame: FeatureFrame): FeatureFrame {
    const { channels } = requireFitted(this.fitted, 'SequenceChannels', 'transform');
    const t = frame.tables;
    // Count channels are the tables' own float32 counts, shared (frames are never mutated);
    // only the derived channels need new memory.
    const out = float32Columns(channels.filter((c) => !countsOf(t, c)).length, t.userIds.length * t.timeSteps);
    let k = 0;
    const columns = channels.map((c) => countsOf(t, c) ?? computeChannel(t, c, this.options.scorer, out[k++]));
    return { ...frame, sequence: appendColumns(frame.sequence, channels, channels.map((c) => KINDS[c]), columns) };
  }

  /** The options as JSON (the scorer by name). */
  getConfig(): Json {
    return { channels: [...this.options.channels], scorer: this.options.scorer.name };
  }

  /** Options and fitted state as JSON. */
  toJSON(): StepJSON {
    return { type: 'SequenceChannels', config: this.getConfig(), fitted: this.fitted ? { channels: [...this.fitted.channels] } : null };
  }

  /** Rebuilds from `toJSON()` output; custom scorers come from `context.scorers`. */
  static fromJSON(json: StepJSON, context: RestoreContext = {}): SequenceChannels {
    const config = json.config as { channels: SequenceChannel[]; scorer: string };
    const step = new SequenceChannels({ channels: config.channels, scorer: resolveScorer(config.scorer, context) });
    step.fitted = fittedOf(json);
    return step;
  }
}

/** Finds a scorer by name: the built-in lexicon, or one passed to fromJSON. @internal */
export function resolveScorer(name: string, context: RestoreContext): SentimentScorer {
  if (name === DEFAULT_SCORER.name) return DEFAULT_SCORER;
  const scorer = context.scorers?.[name];
  if (!scorer) throw new ConfigError('scorer', name, `a scorer passed as fromJSON(json, { scorers: { ${JSON.stringify(name)}: yourScorer } })`);
  return scorer;
}

/** The tables' per-bucket counts for a count channel, else undefined. */
function countsOf(t: EventTables, channel: SequenceChannel): Float32Array | undefined {
  switch (channel) {
    case 'views': return t.views;
    case 'distinctCourses': return t.distinctCourses;
    case 'purchases': return t.purchases;
    case 'comments': return t.comments;
    case 'cancellations': return t.cancellations;
    default: return undefined;
  }
}

function computeChannel(t: EventTables, channel: SequenceChannel, scorer: SentimentScorer, out: Float32Array): Float32Array {
  const cells = t.userIds.length * t.timeSteps;
  const copy = (src: Float64Array) => { for (let i = 0; i < cells; i++) out[i] = src[i]; };
  switch (channel) {
    case 'watchSeconds': copy(t.watchSeconds); break;
    case 'spend': copy(t.spend); break;
    case 'completion':
      for (let i = 0; i < cells; i++) out[i] = t.views[i] > 0 ? t.progressSum[i] / t.views[i] : 0;
      break;
    case 'commentSentiment': {
      const sums = float64Array(cells);
      const memo = memoFor(scorer);
      for (let j = 0; j < t.commentRow.length; j++) {
        const text = t.commentText[j];
        let score = memo.get(text);
        if (score === undefined) {
          score = clampScore(scorer.score(text));
          if (memo.size >= MEMO_LIMIT) memo.clear();
          memo.set(text, score);
        }
        sums[t.commentRow[j] * t.timeSteps + t.commentBucket[j]] += score;
      }
      for (let i = 0; i < cells; i++) out[i] = t.comments[i] > 0 ? sums[i] / t.comments[i] : 0;
      break;
    }
    case 'subscriptionActive':
    case 'daysToExpiry': {
      const days = channel === 'daysToExpiry';
      const T = t.timeSteps;
      for (let r = 0; r < t.userIds.length; r++) {
        let expiry = t.expiryBefore[r];
        for (let k = 0; k < T; k++) {
          const cell = r * T + k;
          if (t.bucketExpiry[cell] > expiry) expiry = t.bucketExpiry[cell];
          const end = t.windowStart + (k + 1) * t.bucketMs;
          const active = expiry > end;
          out[cell] = days ? (active ? (expiry - end) / DAY_MS : 0) : active ? 1 : 0;
        }
      }
      break;
    }
  }
  return out;
}

// Scorers are pure (same text, same score), so fit and transform over the same comments, and
// repeated comments, are scored once. Bounded so a long-running service does not grow forever.
const MEMO_LIMIT = 1_000_000;
const memos = new WeakMap<SentimentScorer, Map<string, number>>();
function memoFor(scorer: SentimentScorer): Map<string, number> {
  let memo = memos.get(scorer);
  if (!memo) memos.set(scorer, (memo = new Map()));
  return memo;
}

/** A scorer's output, forced into [-1, 1]; NaN counts as neutral. */
function clampScore(score: number): number {
  return score > 1 ? 1 : score < -1 ? -1 : score === score ? score : 0;
}

registerStep('SequenceChannels', (json, context) => SequenceChannels.fromJSON(json, context));
