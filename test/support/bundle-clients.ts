import { build } from 'esbuild';

/**
 * The `@aws-sdk/client-*` packages an esbuild bundle of `entry` pulls in (sorted): what a hook Lambda importing that
 * module would ship.
 */
export async function sdkClientsInBundle(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const packages = Object.keys(result.metafile.inputs).map((p) => /node_modules\/(@aws-sdk\/client-[^/]+)/.exec(p)?.[1]);
  return [...new Set(packages.filter((p): p is string => p !== undefined))].sort();
}
