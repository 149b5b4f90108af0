/** A tiny `--name value` / `--flag` parser for the examples (no dependency). */
export function parseArgs(argv: readonly string[], flags: readonly string[]): { values: Map<string, string>; flags: Set<string> } {
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (!a.startsWith('--')) throw new Error(`Unexpected argument ${JSON.stringify(a)}; options look like --name value.`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (flags.includes(name)) set.add(name);
    else if (inline !== undefined) values.set(name, inline);
    else {
      const v = argv[++i];
      if (v === undefined) throw new Error(`Option --${name} needs a value.`);
      values.set(name, v);
    }
  }
  return { values, flags: set };
}
