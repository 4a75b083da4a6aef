// Turns per-file skip reasons into a few notes: one per reason, naming a handful of paths.
import { inlineCode } from "../review/render/markdown-escape.js";
import type { ChangedFile } from "../review/types.js";

const PATHS_PER_NOTE = 5;

export function skipNotes(files: readonly ChangedFile[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const file of files) {
    if (file.skipReason === undefined) continue;
    const paths = byReason.get(file.skipReason) ?? [];
    paths.push(file.path);
    byReason.set(file.skipReason, paths);
  }
  return [...byReason.entries()].map(([reason, paths]) => {
    const shown = paths.slice(0, PATHS_PER_NOTE).map(inlineCode).join(", ");
    const more = paths.length > PATHS_PER_NOTE ? ` and ${paths.length - PATHS_PER_NOTE} more` : "";
    return `Skipped ${paths.length} ${paths.length === 1 ? "file" : "files"} — ${reason}: ${shown}${more}.`;
  });
}
