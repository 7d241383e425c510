export function expectedExports(root?: URL): Record<string, unknown>;
export function expectedTypesVersions(exports?: Record<string, unknown>): { '*': Record<string, string[]> };
