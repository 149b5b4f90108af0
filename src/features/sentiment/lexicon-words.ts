// Hand-written sentiment lexicons for comments on paid courses, in English and Chinese.
// Weights are on a rough -3..3 scale; phrases that negation alone would get wrong ("不错",
// "not bad" is handled by negation, but "不错" is a fixed word) are listed as whole words so the
// longest match wins over the negator inside them.

/** English sentiment words. @internal */
export const EN_WORDS: Readonly<Record<string, number>> = {
  good: 2, great: 3, excellent: 3, amazing: 3, awesome: 3, fantastic: 3, wonderful: 3, superb: 3, outstanding: 3,
  brilliant: 3, perfect: 3, love: 3, loved: 3, loving: 2.5, loves: 3, like: 1.5, liked: 1.5, likes: 1.5, enjoy: 2, enjoyed: 2,
  enjoying: 2, enjoyable: 2, nice: 2, helpful: 2, useful: 2, clear: 1.5, clearly: 1.5, practical: 1.5, insightful: 2.5,
  informative: 2, valuable: 2.5, worth: 2, worthwhile: 2, recommend: 2, recommended: 2, recommending: 2, best: 3,
  better: 1.5, engaging: 2, interesting: 2, inspiring: 2.5, inspired: 2, fun: 2, easy: 1, solid: 1.5, thorough: 1.5,
  thoughtful: 2, impressive: 2.5, impressed: 2.5, happy: 2, glad: 2, satisfied: 2, pleased: 2, thanks: 1.5, thank: 1.5,
  grateful: 2, learned: 1, learnt: 1, master: 1, masterpiece: 3, gem: 2.5, concise: 1.5, well: 1, 'well-structured': 2,
  structured: 1, organized: 1.5, patient: 1.5, knowledgeable: 2, clarity: 2, fantastically: 3, gold: 2, bargain: 2,
  fair: 1, favorite: 2.5, favourite: 2.5, benefit: 1.5, benefited: 2, improve: 1, improved: 1.5, effective: 2,
  life: 0.5, 'eye-opening': 2.5, smooth: 1.5, crisp: 1.5, delightful: 3, beautiful: 2.5, cool: 1.5, top: 1.5, wow: 2,
  ok: 0.5, okay: 0.5, decent: 1, fine: 0.5, polished: 1.5, renew: 1, renewed: 1, renewing: 1, excited: 2, 'must-have': 2.5,
  bad: -2, terrible: -3, awful: -3, horrible: -3, worst: -3, poor: -2, poorly: -2, boring: -2, bored: -2, useless: -2.5,
  waste: -2.5, wasted: -2.5, disappointing: -2.5, disappointed: -2.5, disappointment: -2.5, hate: -3, hated: -3,
  confusing: -2, confused: -1.5, unclear: -2, messy: -2, shallow: -2, superficial: -2, outdated: -2, expensive: -1.5,
  overpriced: -2.5, pricey: -1.5, refund: -2, scam: -3, slow: -1.5, dull: -2, annoying: -2, annoyed: -2, frustrating: -2.5,
  frustrated: -2.5, mediocre: -1.5, lacking: -1.5, lacks: -1.5, broken: -2, bug: -1.5, buggy: -2, crash: -2, crashes: -2,
  crashed: -2, lag: -1.5, laggy: -2, repetitive: -1.5, rambling: -2, rambles: -2, filler: -1.5, fluff: -1.5, padded: -1.5,
  problem: -1, problems: -1, issue: -1, issues: -1, wrong: -1.5, error: -1.5, errors: -1.5, mistakes: -1.5, difficult: -1,
  hard: -0.5, weak: -1.5, worse: -2, regret: -2.5, unsubscribe: -2, cancel: -1.5, cancelled: -1.5, canceled: -1.5,
  quit: -1.5, stop: -0.5, nothing: -0.5, meh: -1.5, tedious: -2, sloppy: -2, ripoff: -3, 'rip-off': -3, cheated: -3,
  misleading: -2.5, clickbait: -2.5, noisy: -1.5, monotone: -1.5, unprofessional: -2.5, lazy: -2, pointless: -2.5,
  irrelevant: -1.5, stale: -1.5, basic: -0.5, trivial: -1, hype: -1, overrated: -2, unhappy: -2, sad: -1.5, worthless: -3,
  garbage: -3, trash: -3, sucks: -2.5, lousy: -2.5, inaccurate: -2, incomplete: -1.5, missing: -1, fails: -1.5, failed: -1.5,
};

/** English words that flip the sentiment of the next few words. @internal */
export const EN_NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'hardly', 'barely', 'without', 'neither', 'nor', 'cannot', 'cant', 'dont',
  'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'havent', 'hasnt',
  'lack', 'rarely',
]);

/** English intensifiers (above 1) and diminishers (below 1). @internal */
export const EN_INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, super: 1.6, incredibly: 1.8, absolutely: 1.7, totally: 1.5,
  highly: 1.5, truly: 1.4, quite: 1.2, too: 1.3, most: 1.4, utterly: 1.8, especially: 1.3, completely: 1.6,
  slightly: 0.5, somewhat: 0.6, little: 0.6, bit: 0.6, kinda: 0.6, fairly: 0.8, rather: 0.8, pretty: 1.2,
};

/** English words that turn attention to what follows ("good, but slow"). @internal */
export const EN_CONTRAST: ReadonlySet<string> = new Set(['but', 'however', 'though', 'although', 'yet']);

/** Chinese sentiment words (matched longest first). @internal */
export const ZH_WORDS: Readonly<Record<string, number>> = {
  好: 2, 很好: 2.5, 不错: 2, 挺好: 2, 好评: 2.5, 五星: 2.5, 喜欢: 2.5, 爱: 2.5, 爱了: 3, 棒: 2.5, 很棒: 3, 优秀: 2.5,
  精彩: 2.5, 清楚: 1.5, 清晰: 2, 通俗易懂: 2.5, 易懂: 2, 透彻: 2.5, 深入浅出: 3, 实用: 2, 有用: 2, 干货: 2.5,
  收获: 2, 受益: 2.5, 受益匪浅: 3, 值得: 2, 值: 1.5, 超值: 2.5, 划算: 2, 推荐: 2, 满意: 2, 感谢: 1.5, 谢谢: 1.5,
  专业: 2, 用心: 2, 认真: 1.5, 细致: 2, 详细: 1.5, 系统: 1, 全面: 1.5, 生动: 2, 有趣: 2, 有意思: 2, 启发: 2,
  惊喜: 2.5, 佩服: 2, 厉害: 2, 赞: 2.5, 点赞: 2.5, 牛: 2, 完美: 3, 舒服: 1.5, 开心: 2, 轻松: 1, 流畅: 1.5, 扎实: 2,
  精华: 2, 经典: 2, 良心: 2.5, 靠谱: 2, 给力: 2.5, 到位: 2, 受用: 2, 涨知识: 2, 提升: 1.5, 进步: 1.5, 明白: 1,
  学到: 1.5, 喜爱: 2.5, 期待: 1.5, 续费: 1, 支持: 1.5, 还行: 0.5, 可以: 0.5, 还可以: 0.5, 神课: 3, 宝藏: 3,
  差: -2, 很差: -3, 太差: -3, 烂: -3, 垃圾: -3, 失望: -2.5, 后悔: -2.5, 无聊: -2, 枯燥: -2, 乏味: -2, 浪费: -2.5,
  坑: -2.5, 坑人: -3, 骗: -3, 骗钱: -3, 割韭菜: -3, 退款: -2, 退钱: -2.5, 贵: -1.5, 太贵: -2, 不值: -2.5, 水: -1,
  注水: -2.5, 很水: -2.5, 太水: -2.5, 灌水: -2.5, 啰嗦: -2, 拖沓: -2, 混乱: -2, 乱: -1.5, 难懂: -2, 听不懂: -2,
  看不懂: -2, 听不清: -2, 糊弄: -2.5, 敷衍: -2.5, 浅: -1, 肤浅: -2, 过时: -2, 老旧: -1.5, 卡顿: -2, 卡: -1,
  错误: -1.5, 错: -1, 问题: -1, 一般: -1, 一般般: -1.5, 凑合: -0.5, 鸡肋: -2, 无用: -2.5, 没用: -2.5, 糟糕: -3,
  讨厌: -2.5, 难受: -2, 生气: -2.5, 郁闷: -2, 不推荐: -2.5, 取消: -1.5, 不续: -2, 不会再: -1.5, 智商税: -3,
  广告: -1.5, 套路: -2, 虚: -1, 空洞: -2, 重复: -1.5, 照本宣科: -2.5, 念稿: -2, 磨叽: -2, 失败: -2, 差评: -3,
  模糊: -1.5, 困: -1.5, 想睡: -2, 催眠: -2, 尴尬: -1.5, 缺: -1, 少: -0.5, 慢: -1, 难: -1, 累: -1,
};

/** Chinese negators (single characters and words). @internal */
export const ZH_NEGATORS: ReadonlySet<string> = new Set(['不', '没', '没有', '别', '无', '非', '未', '不是', '并不', '从不', '毫不', '不太', '不怎么']);

/** Chinese intensifiers and diminishers. @internal */
export const ZH_INTENSIFIERS: Readonly<Record<string, number>> = {
  很: 1.5, 非常: 1.8, 太: 1.6, 特别: 1.7, 超: 1.6, 超级: 1.8, 十分: 1.7, 极其: 1.9, 极: 1.8, 最: 1.8, 真: 1.4, 真的: 1.4,
  挺: 1.2, 相当: 1.5, 格外: 1.6, 更: 1.3, 蛮: 1.2, 巨: 1.7, 贼: 1.6, 有点: 0.6, 有些: 0.6, 稍微: 0.5,
  略: 0.5, 比较: 0.9, 还: 0.9,
};

/** Chinese words that turn attention to what follows. @internal */
export const ZH_CONTRAST: ReadonlySet<string> = new Set(['但', '但是', '可是', '不过', '然而', '就是', '只是']);

/** Emoji and emoticons. @internal */
export const SYMBOLS: Readonly<Record<string, number>> = {
  '👍': 2, '❤️': 2.5, '❤': 2.5, '😊': 2, '😄': 2, '😍': 2.5, '🎉': 2, '💯': 2.5, '🙏': 1.5, ':)': 1.5, ':-)': 1.5,
  '👎': -2, '😡': -2.5, '😠': -2, '😞': -2, '😢': -1.5, '💩': -3, '🙄': -1.5, ':(': -1.5, ':-(': -1.5,
};
