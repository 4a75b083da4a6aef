// Reads one file from disk and screens it the way the app screens a fetched file.
import { lstat, readFile } from "node:fs/promises";
import type { RepoConfig } from "../config/repo-config.js";
import { pathSkipReason, screenBytes } from "../review/file-screening.js";

export type ScreenedContent = { content: string } | { skipReason: string };

export function oversizeReason(bytes: number, config: RepoConfig): string {
  return `larger than \`review.maxFileBytes\` (${bytes} > ${config.review.maxFileBytes} bytes)`;
}

/** `path` is repository-relative (for config globs); `absolutePath` is where to read it. */
export async function screenLocalFile(absolutePath: string, path: string, config: RepoConfig): Promise<ScreenedContent> {
  const ignored = pathSkipReason(path, config);
  if (ignored) return { skipReason: ignored };
  const stats = await lstat(absolutePath);
  // A link may point anywhere, outside the repository included; its target is reviewed where it lives.
  if (stats.isSymbolicLink()) return { skipReason: "symbolic link" };
  // Checked before reading, so a huge file is never loaded into memory.
  if (stats.size > config.review.maxFileBytes) return { skipReason: oversizeReason(stats.size, config) };
  const screened = screenBytes(await readFile(absolutePath), config);
  return "text" in screened ? { content: screened.text } : screened;
}
