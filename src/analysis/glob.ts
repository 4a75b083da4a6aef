// Glob matching for config paths. Globs without a slash match a file name anywhere, as .gitignore does.
import picomatch from "picomatch";

const cache = new Map<string, (path: string) => boolean>();

export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join("\u0000");
  let matcher = cache.get(key);
  if (!matcher) {
    const compiled = picomatch(
      globs.map((glob) => (glob.includes("/") ? glob : `**/${glob}`)),
      { dot: true },
    );
    matcher = (path: string) => compiled(path);
    cache.set(key, matcher);
  }
  return matcher;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.length > 0 && globMatcher(globs)(path);
}
