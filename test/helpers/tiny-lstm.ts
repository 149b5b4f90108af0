import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Losses per epoch and final predictions of a seeded tiny LSTM, so backends can be compared number for number. */
export interface TinyRun {
  losses: number[];
  predictions: number[];
  leakedTensors: number;
}

/** Trains a seeded 1-layer LSTM(4) on a fixed toy problem with the backend currently in use. */
export async function trainTinyLstm(epochs = 3): Promise<TinyRun> {
  const before = tf.memory().numTensors;
  const model = tfl.sequential();
  model.add(tfl.layers.lstm({
    units: 4,
    inputShape: [5, 3],
    recurrentActivation: 'sigmoid',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    recurrentInitializer: tfl.initializers.orthogonal({ seed: 2 }),
  }));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
  // An explicit epsilon: tfjs-backend-webgl reports floatPrecision 16 and would otherwise use 1e-4.
  const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = tf.tensor3d(Array.from({ length: 8 * 5 * 3 }, (_, i) => Math.sin(i * 0.37)), [8, 5, 3]);
  const y = tf.tensor2d([0, 1, 0, 1, 1, 0, 1, 0], [8, 1]);
  const h = await model.fit(x, y, { epochs, batchSize: 8, verbose: 0, shuffle: false });
  const p = model.predict(x) as tf.Tensor;
  const predictions = Array.from(await p.data());
  tf.dispose([x, y, p]);
  model.dispose();
  optimizer.dispose();
  return { losses: h.history.loss as number[], predictions, leakedTensors: tf.memory().numTensors - before };
}
