/**
 * Scores the sentiment of one comment. Plug in your own (a model, an API) by implementing this
 * interface; `name` identifies it when a saved pipeline is loaded again.
 */
export interface SentimentScorer {
  /** A stable name, used to find the scorer again in `FeaturePipeline.fromJSON(json, { scorers })`. */
  readonly name: string;
  /** Sentiment of `text` in [-1, 1]: negative below 0, neutral 0, positive above 0. Must be deterministic: churnkit memoises scores by text. */
  score(text: string): number;
}
