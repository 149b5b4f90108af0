import { describe, expect, it } from 'vitest';
import { ChurnLSTM, LogisticBaseline, MLPBaseline, ModelContractError, checkModel, preferEncoder, useBackend, type Model } from '../../src/index.js';

// Every model, on every Node backend, through every encoder: the same contract battery.
describe.each(['cpu', 'wasm'] as const)('checkModel on %s', (backend) => {
  it.each([
    ['ChurnLSTM (fused)', 'auto', (c?: object) => new ChurnLSTM({ units: 6, ...c })],
    ['ChurnLSTM (layers)', 'layers', (c?: object) => new ChurnLSTM({ units: 6, ...c })],
    ['ChurnLSTM GRU, renew head', 'auto', (c?: object) => new ChurnLSTM({ cell: 'gru', units: 6, ...c })],
    ['LogisticBaseline', 'auto', (c?: object) => new LogisticBaseline(c)],
    ['MLPBaseline', 'auto', (c?: object) => new MLPBaseline(c)],
  ] as [string, 'auto' | 'layers', (c?: object) => Model][])('%s passes', async (_name, encoder, factory) => {
    await useBackend(backend);
    preferEncoder(encoder);
    try {
      await checkModel(factory);
    } finally {
      preferEncoder('auto');
    }
  });
});

describe('checkModel catches a broken model', () => {
  it('names the rule a model breaks', async () => {
    await useBackend('cpu');
    // A model whose fit does not resolve to itself breaks the 'fit returns this' rule.
    class Broken extends LogisticBaseline {
      override async fit(...args: Parameters<LogisticBaseline['fit']>): Promise<this> {
        await super.fit(...args);
        return new LogisticBaseline() as unknown as this;
      }
    }
    const error = await checkModel(() => new Broken()).catch((e) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as ModelContractError).rule).toBe('fit returns this');
  });
});
