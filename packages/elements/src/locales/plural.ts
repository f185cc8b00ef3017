/** The words for each plural category a language uses; `other` is always required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rulesByLocale = new Map<string, Intl.PluralRules>();
const numbersByLocale = new Map<string, Intl.NumberFormat>();

/**
 * The form of a word that goes with `count` in `locale`, chosen by `Intl.PluralRules`.
 *
 * @example
 * pluralForm('de', 1, { one: 'Konflikt', other: 'Konflikte' }) // 'Konflikt'
 */
export function pluralForm(locale: string, count: number, forms: PluralForms): string {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return forms[rules.select(count)] ?? forms.other;
}

/**
 * `count` written with the locale's digit grouping.
 *
 * @example
 * formatCount('de', 12500) // '12.500'
 */
export function formatCount(locale: string, count: number): string {
  let format = numbersByLocale.get(locale);
  if (!format) numbersByLocale.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(count);
}
