import { str } from './text.js';

/** Import statements, one per module, names sorted; type-only names marked `type`. */
export interface ImportView {
  readonly from: string;
  readonly names: readonly { readonly name: string; readonly type: boolean }[];
}

export function renderImports(imports: readonly ImportView[]): string {
  return imports
    .filter((i) => i.names.length > 0)
    .map((i) => {
      const names = [...i.names].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const allTypes = names.every((n) => n.type);
      const list = names.map((n) => (n.type && !allTypes ? `type ${n.name}` : n.name)).join(', ');
      return `import ${allTypes ? 'type ' : ''}{ ${list} } from ${str(i.from)};`;
    })
    .join('\n');
}
