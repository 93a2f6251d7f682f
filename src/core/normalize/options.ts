/** Which foldings a Normalizer applies; see DESIGN.md for the exact sets. */
export interface NormalizeOptions {
  /** Full-width -> half-width (ＡＢＣ１２３ -> ABC123, U+3000 -> space), half-width katakana -> full-width. */
  width: boolean;
  /** Lower case (every BMP letter whose lower case is one unit). */
  case: boolean;
  /** NFKC compatibility forms of selected blocks: ① -> 1, Ⓐ -> A (-> a with `case`), ⑩ -> 10. */
  compatibility: boolean;
  /** Traditional -> simplified, character by character (賭博 -> 赌博). */
  traditional: boolean;
  /** Drop spaces, invisible characters and joining symbols (* . _ - ...); sentence punctuation stays. */
  noise: boolean;
}

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = Object.freeze({
  width: true,
  case: true,
  compatibility: true,
  traditional: true,
  noise: true,
});

const OPTION_NAMES = Object.keys(DEFAULT_NORMALIZE_OPTIONS) as (keyof NormalizeOptions)[];

/** Complete, frozen options; a wrong type fails here, at construction, never during a search. */
export function resolveNormalizeOptions(partial: Partial<NormalizeOptions> = {}): NormalizeOptions {
  const resolved = { ...DEFAULT_NORMALIZE_OPTIONS };
  for (const name of OPTION_NAMES) {
    const value = partial[name];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      throw new TypeError(`NormalizeOptions.${name} must be a boolean, got ${typeof value}`);
    }
    resolved[name] = value;
  }
  for (const name of Object.keys(partial)) {
    if (!(OPTION_NAMES as string[]).includes(name)) throw new TypeError(`unknown NormalizeOptions key: ${name}`);
  }
  return Object.freeze(resolved);
}

/** A short stable key such as `wcctn` / `-c-t-`, used to share fold tables between normalizers. */
export function normalizeOptionsKey(options: NormalizeOptions): string {
  return OPTION_NAMES.map((name) => (options[name] ? name[0] : '-')).join('');
}
