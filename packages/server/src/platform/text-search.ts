/**
 * Search normalisation used for indexing and for queries on both engines (STACK.md gotcha 18:
 * FTS5's remove_diacritics misses ł and Greek accents, and PostgreSQL's unaccent may be absent):
 * NFKD, drop combining marks, fold letters that do not decompose, lower-case, keep letters and
 * digits as space-separated words.
 */
const FOLD: Record<string, string> = {
  ł: 'l',
  Ł: 'l',
  ß: 'ss',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
  ı: 'i',
};

export function normaliseText(text: string): string {
  return (
    text
      .replace(/[łŁßøØđĐæÆœŒþı]/g, (c) => FOLD[c] ?? c)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // After lower-casing, which writes a word-final Σ as ς: "ΟΔΟΣ" and "Οδός" are one word.
      .replace(/ς/g, 'σ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** Query words (normalised), at most 12, each at most 64 characters. */
export const queryTerms = (q: string): string[] =>
  normaliseText(q)
    .split(' ')
    .filter(Boolean)
    .slice(0, 12)
    .map((w) => w.slice(0, 64));
