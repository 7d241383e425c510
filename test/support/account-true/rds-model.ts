/**
 * Aurora cluster start/stop and reader creation taking time, modelled in front of moto (moto switches
 * `stopped` ↔ `available` at once and creates instances `available`).
 *
 * AWS: StartDBCluster is allowed from `stopped` only and StopDBCluster from `available` only; a started cluster passes
 * through `starting`, a stopped one through `stopping` ({@link AURORA_START_SECONDS}, {@link AURORA_STOP_SECONDS});
 * a new instance passes through `creating` ({@link AURORA_INSTANCE_CREATE_SECONDS}). AWS publishes no durations:
 * the figures are the model's assumptions.
 *
 * The model (RDS speaks the AWS Query protocol, XML answers):
 * - after a successful StartDBCluster/StopDBCluster the cluster's `Status` reads `starting`/`stopping` in the answer
 *   and in DescribeDBClusters until the seeded duration passes, then moto's final status;
 * - meanwhile StartDBCluster and StopDBCluster get `InvalidDBClusterStateFault` (HTTP 400) naming the status, as RDS
 *   does for a cluster in a state that does not allow the call (RDS API Reference, StartDBCluster/StopDBCluster Errors);
 * - after CreateDBInstance the instance's `DBInstanceStatus` reads `creating` until its duration passes.
 */
import { type Duration, draw } from './clock.js';
import { AURORA_INSTANCE_CREATE_SECONDS, AURORA_START_SECONDS, AURORA_STOP_SECONDS } from './constants.js';
import type { ModelContext, ServiceModel } from './model.js';
import { type Answer, type AwsCall, errorAnswer } from './wire.js';

/** Options of the RDS model (AWS seconds). */
export interface RdsModelOptions {
  start?: Duration;
  stop?: Duration;
  createInstance?: Duration;
}

const ALLOWED_FROM: Record<string, string> = {
  StartDBCluster: 'stopped,inaccessible-encryption-credentials-recoverable',
  StopDBCluster: 'available',
};

/** The RDS model (see the module comment). */
export class AuroraTransitions implements ServiceModel {
  readonly #clusters = new Map<string, { status: string; until: number }>();
  readonly #instances = new Map<string, { status: string; until: number }>();
  #options: Required<RdsModelOptions>;

  constructor(
    private readonly ctx: ModelContext,
    options: RdsModelOptions = {},
  ) {
    this.#options = { start: AURORA_START_SECONDS, stop: AURORA_STOP_SECONDS, createInstance: AURORA_INSTANCE_CREATE_SECONDS, ...options };
  }

  configure(options: RdsModelOptions): void {
    this.#options = { ...this.#options, ...options };
  }

  /** The modelled transitional status of a cluster, or `undefined` when moto's status is the real one. */
  clusterTransition(id: string): string | undefined {
    return current(this.#clusters, id, this.ctx.clock.now());
  }

  /** An instance created outside the proxy (by the Aurora Auto Scaling model) reads `creating` for a seeded duration. */
  creating(id: string): void {
    const seconds = draw(this.#options.createInstance, this.ctx.random);
    this.#instances.set(id, { status: 'creating', until: this.ctx.clock.now() + this.ctx.clock.ms(seconds) });
  }

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'rds') return undefined;
    const op = call.operation;
    const id = String(call.input.DBClusterIdentifier ?? '');
    if (op === 'StartDBCluster' || op === 'StopDBCluster') {
      const busy = this.clusterTransition(id);
      if (busy) {
        return errorAnswer(call, {
          code: 'InvalidDBClusterStateFault',
          status: 400,
          message: `DbCluster ${id} is in ${busy} state but expected it to be one of ${ALLOWED_FROM[op]}.`,
          fault: 'Sender',
        });
      }
      const answer = await forward();
      if (answer.status !== 200) return answer;
      const status = op === 'StartDBCluster' ? 'starting' : 'stopping';
      const seconds = draw(op === 'StartDBCluster' ? this.#options.start : this.#options.stop, this.ctx.random);
      this.#clusters.set(id, { status, until: this.ctx.clock.now() + this.ctx.clock.ms(seconds) });
      return this.#rewrite(answer);
    }
    if (op === 'CreateDBInstance') {
      const answer = await forward();
      if (answer.status !== 200) return answer;
      this.creating(String(call.input.DBInstanceIdentifier));
      return this.#rewrite(answer);
    }
    if (op === 'DescribeDBClusters' || op === 'DescribeDBInstances') return this.#rewrite(await forward());
    return undefined;
  }

  async settle(): Promise<void> {
    this.#clusters.clear();
    this.#instances.clear();
  }

  #rewrite(answer: Answer): Answer {
    if (answer.status !== 200) return answer;
    const now = this.ctx.clock.now();
    let xml = answer.body.toString('utf8');
    xml = rewriteChild(xml, 'DBCluster', 'DBClusterIdentifier', 'Status', (id) => current(this.#clusters, id, now));
    xml = rewriteChild(xml, 'DBInstance', 'DBInstanceIdentifier', 'DBInstanceStatus', (id) => current(this.#instances, id, now));
    return { ...answer, body: Buffer.from(xml) };
  }
}

function current(map: Map<string, { status: string; until: number }>, id: string, now: number): string | undefined {
  const entry = map.get(id);
  if (entry && entry.until > now) return entry.status;
  map.delete(id);
  return undefined;
}

/**
 * In every `<element>` block, replaces the text of its direct child `<child>` with `value(id)` when that is defined,
 * `id` being the text of its direct child `<idTag>`.
 */
export function rewriteChild(
  xml: string,
  element: string,
  idTag: string,
  child: string,
  value: (id: string) => string | undefined,
): string {
  const block = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g');
  return xml.replace(block, (whole, inner: string) => {
    const id = directChild(inner, idTag);
    const next = id === undefined ? undefined : value(id.text);
    const target = directChild(inner, child);
    if (next === undefined || !target) return whole;
    return `<${element}>${inner.slice(0, target.start)}${next}${inner.slice(target.end)}</${element}>`;
  });
}

/** The text (and its offsets) of the first direct child `<tag>` of an XML fragment. */
function directChild(fragment: string, tag: string): { text: string; start: number; end: number } | undefined {
  const tags = /<(\/?)([A-Za-z0-9_:]+)[^>]*?(\/?)>/g;
  let depth = 0;
  for (let m = tags.exec(fragment); m; m = tags.exec(fragment)) {
    const [, closing, name, selfClosing] = m;
    if (closing) {
      depth -= 1;
      continue;
    }
    if (selfClosing) continue;
    if (depth === 0 && name === tag) {
      const start = m.index + m[0].length;
      const end = fragment.indexOf(`</${tag}>`, start);
      return end < 0 ? undefined : { text: fragment.slice(start, end), start, end };
    }
    depth += 1;
  }
  return undefined;
}
