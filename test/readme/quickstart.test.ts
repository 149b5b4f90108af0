import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's quickstart is code people paste: run it as written (on a smaller platform, with
// 'churnkit' pointing at the source) so it can never rot.
describe('README quickstart', () => {
  it('runs and gives a churn and renewal probability per user', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- quickstart:start -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a quickstart block').toBeDefined();
    const code = block!
      .replace("from 'churnkit'", `from ${JSON.stringify(resolve('src/index.ts'))}`)
      .replace('users: 5000', 'users: 400')
      .replace('new Trainer()', 'new Trainer({ epochs: 2, verbose: 0 })');
    const file = join(mkdtempSync(join(tmpdir(), 'churnkit-readme-')), 'quickstart.mts');
    writeFileSync(file, `${code}\nconsole.log(JSON.stringify({ n: features.userIds.length, churn: Array.from(churn), renew: renew ? Array.from(renew) : null }));\n`);
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', cwd: resolve('.') });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.n).toBeGreaterThan(100);
    expect(result.churn).toHaveLength(result.n);
    expect(result.renew).toHaveLength(result.n);
    for (const p of [...result.churn, ...result.renew]) expect(p >= 0 && p <= 1).toBe(true);
  });
});
