// Head-side file contents for `review`: a blob of the head commit, or the file in the working tree.
import { join } from "node:path";
import type { RepoConfig } from "../config/repo-config.js";
import { screenBytes } from "../review/file-screening.js";
import { GitError } from "./errors.js";
import { gitText, OUTPUT_TOO_LARGE, runGit } from "./git.js";
import { oversizeReason, screenLocalFile, type ScreenedContent } from "./local-file.js";

/** The file at `commit`, screened; `path` is repository-relative. */
export async function readCommittedFile(root: string, commit: string, path: string, config: RepoConfig): Promise<ScreenedContent> {
  const spec = `${commit}:${path}`;
  try {
    // cat-file blob gives the raw bytes (no textconv); maxBuffer stops a huge blob from filling memory.
    const { stdout } = await runGit(["cat-file", "blob", spec], { cwd: root, maxBuffer: config.review.maxFileBytes + 1 });
    const screened = screenBytes(stdout, config);
    return "text" in screened ? { content: screened.text } : screened;
  } catch (error) {
    if (!(error instanceof GitError) || error.message !== OUTPUT_TOO_LARGE) throw error;
    const size = Number((await gitText(["cat-file", "-s", spec], { cwd: root })).trim());
    return { skipReason: oversizeReason(size, config) };
  }
}

/** The file as it is in the working tree now, screened. */
export async function readWorktreeFile(root: string, path: string, config: RepoConfig): Promise<ScreenedContent> {
  try {
    return await screenLocalFile(join(root, ...path.split("/")), path, config);
  } catch (error) {
    // The working tree can change while we read it.
    return { skipReason: `could not read from the working tree (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}
