/**
 * The test files a run selected, over every project of vitest.config.ts, so that a global
 * setup starts a server only when some selected file needs it.
 */
import type { TestProject } from 'vitest/node';

export async function selectedTestFiles(root: TestProject): Promise<{ project: string; path: string }[]> {
  // The CLI file filters live on an internal field; without them, every test file is selected.
  const filters = (root.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  // `--project` narrows vitest.projects; the root project only stands for the whole run.
  const projects = root.vitest.projects.length > 0 ? root.vitest.projects : [root];
  const files = await Promise.all(
    projects.map(async (project) => (await project.globTestFiles(filters)).testFiles.map((path) => ({ project: project.name, path }))),
  );
  return files.flat();
}
