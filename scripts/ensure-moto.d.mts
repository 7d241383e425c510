export function motoPython(): string;
export function ensureMoto(options?: { quiet?: boolean }): void;
