/**
 * An HTTP proxy in front of moto that adds what moto skips: DynamoDB's CREATING and DELETING phases. moto creates and
 * deletes tables at once; AWS takes a while, and during that while:
 * - DescribeTable reports `TableStatus: CREATING` (after CreateTable) or `DELETING` (after DeleteTable);
 * - CreateTable of a table that is still being deleted is ResourceInUseException;
 * - UpdateTimeToLive, UpdateContinuousBackups, TagResource, UpdateTable and DeleteTable on a table that is still being
 *   created are ResourceInUseException.
 * Each phase lasts `phasePolls` DescribeTable calls. Everything else is forwarded to moto unchanged, over the real
 * DynamoDB wire protocol (AWS JSON 1.0), so the SDK (and its waiters) run unmodified.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Phase {
  status: 'CREATING' | 'DELETING';
  pollsLeft: number;
  description?: Record<string, unknown>;
}

const BLOCKED_WHILE_CREATING = new Set(['UpdateTimeToLive', 'UpdateContinuousBackups', 'TagResource', 'UpdateTable', 'DeleteTable']);

export class DynamoPhaseProxy {
  /** `Operation table → answer` for every request, for assertions (for example `DescribeTable orders-green → DELETING`). */
  readonly log: string[] = [];
  private readonly phases = new Map<string, Phase>();
  private server: Server | undefined;

  constructor(
    private readonly target: string,
    private readonly phasePolls = 2,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
    const input = JSON.parse(body.toString('utf8') || '{}') as { TableName?: string; ResourceArn?: string };
    const table = input.TableName ?? input.ResourceArn?.replace(/^.*:table\//, '') ?? '';
    const phase = this.phases.get(table);

    if (phase?.status === 'CREATING' && BLOCKED_WHILE_CREATING.has(operation)) {
      return this.error(
        res,
        `${operation} ${table}`,
        'ResourceInUseException',
        `Attempt to change a resource which is still in use: Table is being created: ${table}`,
      );
    }
    if (phase?.status === 'DELETING' && operation === 'CreateTable') {
      return this.error(res, `${operation} ${table}`, 'ResourceInUseException', `Table already exists: ${table} (being deleted)`);
    }
    if (phase?.status === 'DELETING' && operation === 'DescribeTable') {
      this.tick(table, phase);
      return this.reply(res, `${operation} ${table}`, 'DELETING', 200, { Table: { ...phase.description, TableStatus: 'DELETING' } });
    }

    const forwarded = await fetch(this.target, {
      method: req.method ?? 'POST',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)),
      ) as Record<string, string>,
      body,
    });
    const text = await forwarded.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text || '{}') as Record<string, unknown>;
    } catch {
      json = {};
    }
    if (forwarded.ok && operation === 'CreateTable') {
      this.phases.set(table, { status: 'CREATING', pollsLeft: this.phasePolls });
      const description = json.TableDescription as Record<string, unknown>;
      return this.reply(res, `${operation} ${table}`, 'CREATING', 200, { TableDescription: { ...description, TableStatus: 'CREATING' } });
    }
    if (forwarded.ok && operation === 'DeleteTable') {
      const description = json.TableDescription as Record<string, unknown>;
      this.phases.set(table, { status: 'DELETING', pollsLeft: this.phasePolls, description });
      return this.reply(res, `${operation} ${table}`, 'DELETING', 200, { TableDescription: { ...description, TableStatus: 'DELETING' } });
    }
    if (forwarded.ok && operation === 'DescribeTable' && phase?.status === 'CREATING') {
      this.tick(table, phase);
      return this.reply(res, `${operation} ${table}`, 'CREATING', 200, { Table: { ...(json.Table as object), TableStatus: 'CREATING' } });
    }
    const status = forwarded.ok
      ? String((json.Table as { TableStatus?: string } | undefined)?.TableStatus ?? 'ok')
      : String(json.__type ?? forwarded.status);
    this.log.push(`${operation} ${table} → ${status.replace(/^.*#/, '')}`);
    res.writeHead(forwarded.status, {
      'content-type': forwarded.headers.get('content-type') ?? 'application/x-amz-json-1.0',
      'x-amzn-requestid': forwarded.headers.get('x-amzn-requestid') ?? 'proxy',
    });
    res.end(text);
  }

  private tick(table: string, phase: Phase): void {
    phase.pollsLeft -= 1;
    if (phase.pollsLeft <= 0) this.phases.delete(table);
  }

  private reply(res: ServerResponse, what: string, answer: string, status: number, body: unknown): void {
    this.log.push(`${what} → ${answer}`);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'proxy' });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, what: string, type: string, message: string): void {
    this.reply(res, what, type, 400, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
  }
}
