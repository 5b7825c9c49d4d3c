// CodeIgniter 3.1 inflector_helper singular(): how Format::to_xml names the
// items of a list after the list's own element (sites → site, ad_units →
// ad_unit). Rules are tried in order, the first matching one wins; words in
// the uncountable list are returned unchanged. PHP's `\2` on a group that does
// not exist is empty, so such references are left out here.

const UNCOUNTABLE = new Set([
  'audio',
  'bison',
  'chassis',
  'compensation',
  'coreopsis',
  'data',
  'deer',
  'education',
  'emoji',
  'equipment',
  'fish',
  'furniture',
  'gold',
  'information',
  'knowledge',
  'love',
  'rain',
  'money',
  'moose',
  'nutrition',
  'offspring',
  'plankton',
  'pokemon',
  'police',
  'rice',
  'series',
  'sheep',
  'species',
  'swine',
  'traffic',
  'wheat',
])

const RULES: readonly (readonly [RegExp, string])[] = [
  [/(matr)ices$/, '$1ix'],
  [/(vert|ind)ices$/, '$1ex'],
  [/^(ox)en/, '$1'],
  [/(alias)es$/, '$1'],
  [/([octop|vir])i$/, '$1us'],
  [/(cris|ax|test)es$/, '$1is'],
  [/(shoe)s$/, '$1'],
  [/(o)es$/, '$1'],
  [/(bus|campus)es$/, '$1'],
  [/([m|l])ice$/, '$1ouse'],
  [/(x|ch|ss|sh)es$/, '$1'],
  [/(m)ovies$/, '$1ovie'],
  [/(s)eries$/, '$1eries'],
  [/([^aeiouy]|qu)ies$/, '$1y'],
  [/([lr])ves$/, '$1f'],
  [/(tive)s$/, '$1'],
  [/(hive)s$/, '$1'],
  [/([^f])ves$/, '$1fe'],
  [/(^analy)ses$/, '$1sis'],
  [/((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)ses$/, '$1$2sis'],
  [/([ti])a$/, '$1um'],
  [/(p)eople$/, '$1erson'],
  [/(m)en$/, '$1an'],
  [/(s)tatuses$/, '$1tatus'],
  [/(c)hildren$/, '$1hild'],
  [/(n)ews$/, '$1ews'],
  [/([^us])s$/, '$1'],
]

/** CodeIgniter's singular($word). Only ASCII names reach it (to_xml sanitises keys first). */
export function singular(word: string): string {
  if (UNCOUNTABLE.has(word.toLowerCase())) return word
  for (const [rule, replacement] of RULES) {
    if (rule.test(word)) return word.replace(rule, replacement)
  }
  return word
}
