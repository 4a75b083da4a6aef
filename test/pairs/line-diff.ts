// A small line diff for the introduce/fix pairs: the longest common subsequence of two texts' lines,
// printed as unified-diff hunks (`@@ -a,b +c,d @@`, 3 lines of context) the way `git diff` and GitHub's
// `patch` field do, so `buildChangedFile`/`parsePatch` read it like a real pull request's patch.

export type EditKind = "context" | "add" | "delete";

export interface Edit {
  kind: EditKind;
  text: string;
  /** 1-based line in the old text (context and delete). */
  oldLine?: number;
  /** 1-based line in the new text (context and add). */
  newLine?: number;
}

/** The lines of a file; a trailing newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

/** Line edits turning `before` into `after`: an LCS table walked front to back, deletions before additions. */
export function lineEdits(before: string, after: string): Edit[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i]!;
    const below = lcs[i + 1]!;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      edits.push({ kind: "context", text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      edits.push({ kind: "delete", text: a[i]!, oldLine: i + 1 });
      i++;
    } else {
      edits.push({ kind: "add", text: b[j]!, newLine: j + 1 });
      j++;
    }
  }
  return edits;
}

/**
 * The unified-diff patch (hunks only, no `---`/`+++` file headers, as GitHub's `patch` field) that turns
 * `before` into `after`, with `context` unchanged lines around each change; hunks whose context touches
 * are merged. Identical texts give an empty string.
 */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const edits = lineEdits(before, after);
  const changed = edits.map((edit, index) => (edit.kind === "context" ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return "";

  // Group changed edits into ranges of edit indexes, widened by `context` and merged when they overlap.
  const ranges: Array<[number, number]> = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(edits.length - 1, index + context);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }

  const out: string[] = [];
  for (const [start, end] of ranges) {
    const slice = edits.slice(start, end + 1);
    const oldCount = slice.filter((edit) => edit.kind !== "add").length;
    const newCount = slice.filter((edit) => edit.kind !== "delete").length;
    // Line before the hunk on each side: the old/new line numbers already consumed by earlier edits.
    let oldBefore = 0;
    let newBefore = 0;
    for (const edit of edits.slice(0, start)) {
      if (edit.kind !== "add") oldBefore++;
      if (edit.kind !== "delete") newBefore++;
    }
    // As in `git diff`, an empty side starts at the line before it (e.g. `-0,0` for a new file).
    const oldStart = oldCount === 0 ? oldBefore : oldBefore + 1;
    const newStart = newCount === 0 ? newBefore : newBefore + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const edit of slice) {
      const marker = edit.kind === "add" ? "+" : edit.kind === "delete" ? "-" : " ";
      out.push(`${marker}${edit.text}`);
    }
  }
  return out.join("\n");
}

/** Head-side (1-based) numbers of the lines `after` adds or changes relative to `before`. */
export function addedLineNumbers(before: string, after: string): number[] {
  return lineEdits(before, after)
    .filter((edit) => edit.kind === "add")
    .map((edit) => edit.newLine!);
}
