export function collectIam(): { name: string; file: string; actions: string[] }[];
export function renderIam(entries?: { name: string; file: string; actions: string[] }[]): string;
