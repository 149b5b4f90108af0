import type { ChurnLSTM as ChurnLSTMClass } from '../../src/models/churn-lstm.js';
import type { Trainer as TrainerClass } from '../../src/train/trainer.js';
import { syntheticData } from '../models/synthetic.js';

/** Losses, predictions and encoder kind of a seeded tiny ChurnLSTM run, identical inputs in Node and browsers. */
export interface FusedTinyRun {
  kind: string | undefined;
  losses: number[];
  churn: number[];
}

/** Trains a seeded ChurnLSTM(8) for 2 epochs on 120 synthetic users (classes passed in, so the page bundle shares one copy). */
export async function fusedTinyRun(ChurnLSTM: typeof ChurnLSTMClass, Trainer: typeof TrainerClass): Promise<FusedTinyRun> {
  const data = syntheticData(120, 11);
  const model = new ChurnLSTM({ units: 8, dropout: 0 });
  const history = await new Trainer({ verbose: 0, epochs: 2, batchSize: 40, seed: 5 }).fit(model, data);
  const p = await model.predict(data.features);
  const run = { kind: model.encoderKind, losses: history.epochs.map((e) => e.loss), churn: Array.from(p.churn) };
  model.dispose();
  return run;
}
