export function findMotoOrphans(root?: string): string[];
