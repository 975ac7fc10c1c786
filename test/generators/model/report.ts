/** Shared by the model-rule tests: a fixture catalog's diagnostics, each as `CODE file:line field — problem. fix.` */
import { analyzeCatalog, formatDiagnostic } from '../../../generators/index.js';
import { writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';

export async function report(files: FileMap, codes?: readonly string[]): Promise<string[]> {
  const { root, cleanup } = writeCatalog(files);
  try {
    const { diagnostics } = await analyzeCatalog(root, { today: '2026-11-22' });
    return diagnostics.filter((d) => !codes || codes.includes(d.code)).map((d) => `${d.code} ${formatDiagnostic(d)}`);
  } finally {
    cleanup();
  }
}
