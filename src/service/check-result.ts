import type { Finding } from '../core/types.js';
import { verdictAt, worstRank } from './profiles.js';
import type { Profile, Verdict } from './profiles.js';

/** Rough heap cost of findings, so that the result cache is bounded by bytes. */
function sizeOf(findings: readonly Finding[]): number {
  let bytes = 64;
  for (const finding of findings) {
    bytes += 160 + 2 * (finding.rule.length + finding.match.length + finding.message.length + finding.category.length);
    for (const suggestion of finding.suggestions) bytes += 32 + 2 * suggestion.length;
  }
  return bytes;
}

/** `{"verdict":"<verdict>` for each verdict, encoded once. */
const VERDICT_HEADS: Readonly<Record<Verdict, Buffer>> = {
  pass: Buffer.from('{"verdict":"pass'),
  review: Buffer.from('{"verdict":"review'),
  block: Buffer.from('{"verdict":"block'),
};

const CACHED_END = Buffer.from('true}}');
const FRESH_END = Buffer.from('false}}');

/**
 * The findings of one document under one dictionary version and check set: what a check
 * produces and what the result cache holds. The parts of a `/v1/check` response that do not
 * depend on the request (findings, `chars`, the dictionary version) are serialized and UTF-8
 * encoded once, here, so that answering from the cache copies four byte ranges into one
 * buffer instead of serializing findings again and encoding the result twice (once to count
 * its bytes, once to write them). Serializing findings per hit was, after the cache key, the
 * largest share of a cache hit's own CPU in bench:service (see benchmarks/service/README.md).
 */
export class CheckResult {
  /** Highest severity rank among the findings: any profile's verdict without a loop. */
  readonly worst: number;
  /** How many findings of each type and severity, for `jiaodui_findings_total` (info apart from what asks an editor to act). */
  readonly typeCounts: ReadonlyArray<readonly [type: string, severity: string, count: number]>;
  /** Rough heap cost of this entry in the result cache. */
  readonly bytes: number;
  /** `","findings":[...],"stats":{"chars":N,"elapsedMs":` */
  private readonly middle: Buffer;
  /** `,"dictionaryVersion":"...","cached":` */
  private readonly tail: Buffer;

  constructor(
    readonly findings: readonly Finding[],
    readonly chars: number,
    readonly dictionaryVersion: string,
    /** The site whose overlay applied, if any (`stats.site`). */
    readonly site?: string,
  ) {
    this.worst = worstRank(findings);
    const counts = new Map<string, [type: string, severity: string, count: number]>();
    for (const finding of findings) {
      const key = `${finding.type}\t${finding.severity}`;
      const count = counts.get(key);
      if (count === undefined) counts.set(key, [finding.type, finding.severity, 1]);
      else count[2]++;
    }
    this.typeCounts = [...counts.values()];
    // Findings are plain objects with the schema's fields in the schema's order (checkDocument
    // builds them so), so JSON.stringify writes what the route's serializer would.
    this.middle = Buffer.from(`","findings":${JSON.stringify(findings)},"stats":{"chars":${chars},"elapsedMs":`);
    this.tail = Buffer.from(`,"dictionaryVersion":${JSON.stringify(dictionaryVersion)}${site === undefined ? '' : `,"site":${JSON.stringify(site)}`},"cached":`);
    this.bytes = sizeOf(findings) + this.middle.length + this.tail.length + 200;
  }

  verdict(profile: Profile): Verdict {
    return verdictAt(this.worst, profile);
  }

  /**
   * The `/v1/check` response body in UTF-8, as the route's response schema (`CheckResponse`)
   * describes it, keys in the same order: `{ verdict, findings, stats: { chars, elapsedMs,
   * dictionaryVersion, site?, cached } }`. `elapsedMs` must be finite.
   */
  json(profile: Profile, elapsedMs: number, cached: boolean): Buffer {
    const head = VERDICT_HEADS[verdictAt(this.worst, profile)];
    const elapsed = String(elapsedMs);
    const end = cached ? CACHED_END : FRESH_END;
    const body = Buffer.allocUnsafe(head.length + this.middle.length + elapsed.length + this.tail.length + end.length);
    let at = head.copy(body, 0);
    at += this.middle.copy(body, at);
    // A finite number's digits, sign, point and exponent are ASCII: one byte each.
    at += body.write(elapsed, at, 'latin1');
    at += this.tail.copy(body, at);
    end.copy(body, at);
    return body;
  }
}
