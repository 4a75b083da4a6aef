// Fake tokens for secret-scanning tests, generated at run time from a seeded generator, so that test
// sources hold no literal token: prodgap's self-scan and GitHub push protection see only prefixes.

/** A deterministic random-string source: `fake(charset, length)`. */
export function tokenGenerator(seed: number): (charset: string, length: number) => string {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (charset, length) => Array.from({ length }, () => charset.charAt(Math.floor(next() * charset.length))).join("");
}
