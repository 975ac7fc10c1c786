/**
 * The diagnostic for a file the confinement rule (confine.ts) or the bounds (bounds.ts) would
 * not let catwire read: one wording wherever the file was met — listed in the catalog, named
 * in frontmatter, or reached by a `$ref`.
 */
import { diagnostic, type Diagnostic, type DiagnosticInput } from '../diagnostics.js';
import type { Refusal } from './confine.js';

type Where = Omit<DiagnosticInput, 'message' | 'fix'>;

/** How the file was met: listed in the folder, named by a frontmatter path, or by a `$ref`. */
export type MetBy = 'entry' | 'path' | '$ref';

const KEEP_INSIDE: Readonly<Record<MetBy, string>> = {
  entry: 'Remove the link, or put the file itself in the catalog folder',
  path: 'Keep referenced files inside the catalog and use a path relative to this resource',
  $ref: 'Keep referenced files inside the catalog and point to them with a relative $ref',
};

/** `subject` names the file as the reader met it, e.g. `"../../secret.json"` or `the file`. */
export function refusedFile(where: Where, subject: string, refusal: Exclude<Refusal, 'missing'>, problem: string, metBy: MetBy): Diagnostic {
  switch (refusal) {
    case 'too-large':
      return diagnostic('file-too-large', {
        ...where,
        message: `${subject} ${problem}, so it is not read`,
        fix: 'Split the document into smaller files joined by $ref, or remove what the catalog does not need',
      });
    case 'not-regular':
      return diagnostic('path-escapes-root', {
        ...where,
        message: `${subject} ${problem}, so it is not read`,
        fix: metBy === 'entry' ? 'Remove it from the catalog folder; only regular files are read' : 'Replace it with a regular file inside the catalog folder',
      });
    case 'outside':
    case 'link-outside':
      return diagnostic('path-escapes-root', {
        ...where,
        message: `${subject} ${problem === 'is outside the catalog folder' ? 'points outside the catalog folder' : problem}`,
        fix: KEEP_INSIDE[metBy],
      });
  }
}

/** The diagnostic for a document that parsed but exceeds a bound. */
export function unboundedDocument(where: Where, kind: 'nesting-too-deep' | 'document-too-large', what: string, problem: string): Diagnostic {
  return diagnostic(kind, {
    ...where,
    message: `the ${what} is not read: ${problem}`,
    fix: kind === 'nesting-too-deep' ? 'Flatten the document: move nested parts into definitions and point to them with $ref' : 'Write the values out without YAML anchors and aliases, or split the document',
  });
}
