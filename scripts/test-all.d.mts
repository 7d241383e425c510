export function countMocha(output: string): { passed: number; failed: number };
