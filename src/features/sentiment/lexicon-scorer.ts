import type { SentimentScorer } from './scorer.js';
import {
  EN_CONTRAST, EN_INTENSIFIERS, EN_NEGATORS, EN_WORDS, SYMBOLS, ZH_CONTRAST, ZH_INTENSIFIERS, ZH_NEGATORS, ZH_WORDS,
} from './lexicon-words.js';

const NEGATION_SCOPE = 3;
const INTENSIFIER_SCOPE = 2;
const NEGATED_WEIGHT = -0.75;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
const MAX_ZH_WORD = 4;
const CLAUSE_BREAKS = new Set(['.', ',', '!', '?', ';', ':', '。', '，', '！', '？', '；', '：', '、', '\n', '…', '~', '～']);

/** What a lexicon entry does. */
const enum Role { None, Word, Negator, Intensifier, Contrast }

/** A character trie over the Chinese lexicon, so matching allocates no substrings. */
interface TrieNode {
  readonly next: Map<number, TrieNode>;
  role: Role;
  value: number;
}

function buildTrie(): TrieNode {
  const root: TrieNode = { next: new Map(), role: Role.None, value: 0 };
  const add = (word: string, role: Role, value: number) => {
    let node = root;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: new Map(), role: Role.None, value: 0 }));
      node = child;
    }
    // A word listed in several tables keeps the first role: sentiment, negator, intensifier, contrast.
    if (node.role === Role.None) {
      node.role = role;
      node.value = value;
    }
  };
  for (const [word, value] of Object.entries(ZH_WORDS)) add(word, Role.Word, value);
  for (const word of ZH_NEGATORS) add(word, Role.Negator, 0);
  for (const [word, value] of Object.entries(ZH_INTENSIFIERS)) add(word, Role.Intensifier, value);
  for (const word of ZH_CONTRAST) add(word, Role.Contrast, 0);
  return root;
}
const ZH_TRIE = buildTrie();
const SYMBOL_KEYS = Object.keys(SYMBOLS).sort((a, b) => b.length - a.length);
const SYMBOL_STARTS = new Set(SYMBOL_KEYS.map((key) => key.charCodeAt(0)));

/**
 * The default {@link SentimentScorer}: a hand-written lexicon for English and Chinese comments
 * with negation (not, never, n't, 不, 没, 没有, 别, 无 … flip the next few words), intensifiers
 * and diminishers (very, slightly, 很, 非常, 有点 …), contrast (but, 但是, 不过: what follows
 * counts more) and common emoji. Chinese is segmented by longest match against the lexicon.
 * Fast (no allocation per character beyond the token strings) and deterministic.
 */
export class LexiconSentimentScorer implements SentimentScorer {
  /** Always `'lexicon'`. */
  readonly name = 'lexicon';

  /** Sentiment in [-1, 1]; 0 for text with no sentiment words. */
  score(text: string): number {
    if (typeof text !== 'string' || text.length === 0) return 0;
    const s = text.toLowerCase();
    let sum = 0;
    let weight = 1;
    let negLeft = 0;
    let mult = 1;
    let multLeft = 0;
    const onValue = (value: number) => {
      let v = value;
      if (multLeft > 0) v *= mult;
      if (negLeft > 0) v *= NEGATED_WEIGHT;
      sum += v * weight;
      negLeft = 0;
      mult = 1;
      multLeft = 0;
    };
    const onOther = () => {
      if (negLeft > 0) negLeft--;
      if (multLeft > 0 && --multLeft === 0) mult = 1;
    };
    const onNegator = () => { negLeft = NEGATION_SCOPE; };
    const onIntensifier = (m: number) => { mult = multLeft > 0 ? mult * m : m; multLeft = INTENSIFIER_SCOPE; };
    const onContrast = () => { sum *= CONTRAST_BEFORE; weight = CONTRAST_AFTER; negLeft = 0; multLeft = 0; mult = 1; };
    let i = 0;
    while (i < s.length) {
      const ch = s[i];
      const code = s.charCodeAt(i);
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
        let j = i + 1;
        while (j < s.length) {
          const c = s.charCodeAt(j);
          if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 0x2019 || c === 45) j++;
          else break;
        }
        let word = s.slice(i, j);
        if (word.includes("'") || word.includes('\u2019')) word = word.replace(/['\u2019]/g, '');
        if (word.endsWith('-')) word = word.slice(0, -1);
        i = j;
        if (EN_NEGATORS.has(word)) onNegator();
        else if (word in EN_WORDS) onValue(EN_WORDS[word]);
        else if (word in EN_INTENSIFIERS) onIntensifier(EN_INTENSIFIERS[word]);
        else if (EN_CONTRAST.has(word)) onContrast();
        else onOther();
        continue;
      }
      if (code >= 0x4e00 && code <= 0x9fff) {
        // Longest match: walk the trie as far as the text allows, remember the last entry seen.
        let node: TrieNode | undefined = ZH_TRIE;
        let matchLength = 0;
        let match: TrieNode | undefined;
        for (let j = i; j < s.length && j - i < MAX_ZH_WORD; j++) {
          node = node.next.get(s.charCodeAt(j));
          if (!node) break;
          if (node.role !== Role.None) { match = node; matchLength = j - i + 1; }
        }
        if (!match) { i++; onOther(); continue; }
        i += matchLength;
        if (match.role === Role.Word) onValue(match.value);
        else if (match.role === Role.Negator) onNegator();
        else if (match.role === Role.Intensifier) onIntensifier(match.value);
        else onContrast();
        continue;
      }
      if (SYMBOL_STARTS.has(code)) {
        const symbol = SYMBOL_KEYS.find((key) => s.startsWith(key, i));
        if (symbol !== undefined) { onValue(SYMBOLS[symbol]); i += symbol.length; continue; }
      }
      if (CLAUSE_BREAKS.has(ch)) {
        negLeft = 0;
        multLeft = 0;
        mult = 1;
      }
      i++;
    }
    return sum / Math.sqrt(sum * sum + 4);
  }
}

/** Default scorer instance shared by steps that are not given one. @internal */
export const DEFAULT_SCORER = new LexiconSentimentScorer();
