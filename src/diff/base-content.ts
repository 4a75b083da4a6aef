// Rebuilds the base version of a file from its head content and the patch: outside the hunks the two
// are identical, and a hunk holds every base line it touches (context and deleted lines).
import type { Hunk } from "./hunk.js";

export function baseLinesOf(headLines: readonly string[], hunks: readonly Hunk[]): string[] {
  const base: string[] = [];
  let headIndex = 0; // 0-based index of the next head line not yet accounted for
  for (const hunk of hunks) {
    // `@@ -a,0 +0,n @@` (a new file) has newStart 0; lines before the hunk are unchanged.
    const hunkStart = Math.max(hunk.newStart - 1, 0);
    while (headIndex < hunkStart && headIndex < headLines.length) base.push(headLines[headIndex++]!);
    for (const line of hunk.lines) {
      if (line.kind !== "add") base.push(line.text);
      if (line.kind !== "delete") headIndex++;
    }
  }
  while (headIndex < headLines.length) base.push(headLines[headIndex++]!);
  return base;
}
