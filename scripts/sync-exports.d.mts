export function expectedExports(root?: URL): Record<string, unknown>;
