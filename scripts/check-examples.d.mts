export interface Example {
  code: string;
  line: number;
  file: string;
  kind: 'tsdoc' | 'markdown';
}
export function fencedBlocks(text: string, lineOffset?: number): { code: string; line: number }[];
export function tsdocExamples(source: string): { code: string; line: number }[];
export function collectExamples(): Example[];
export function compileExamples(examples: Example[], out?: string): string[];
