/**
 * What kind of address an IP is, for the SSRF guard: every spelling a URL or a resolver can
 * produce (dotted, decimal, octal and hex IPv4, short forms such as 127.1, IPv6 with an
 * embedded IPv4, IPv4-mapped, -compatible, -translated and NAT64 forms) is read the same way.
 */

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'unique-local'
  | 'reserved'
  | 'documentation'
  | 'broadcast';

/** An address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** IPv4 the way inet_aton reads it: 1-4 parts, each decimal, octal (leading 0) or hex (0x). */
export function parseIPv4(text: string): IpBytes | undefined {
  const parts = text.split('.');
  if (parts.length > 1 && parts.at(-1) === '') parts.pop(); // "127.0.0.1." is the same host.
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = Number.parseInt(part.slice(1), 8);
    else if (/^(0|[1-9]\d*)$/.test(part)) value = Number(part);
    else return undefined;
    if (!Number.isSafeInteger(value)) return undefined;
    values.push(value);
  }
  const last = values.pop() as number;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return undefined;
  const bytes = new Uint8Array(4);
  values.forEach((v, i) => (bytes[i] = v));
  for (let i = 3, rest = last; i >= values.length; i--, rest = Math.floor(rest / 256)) bytes[i] = rest % 256;
  return bytes;
}

/** IPv6 (brackets, a zone id and an embedded dotted IPv4 tail allowed). */
export function parseIPv6(input: string): IpBytes | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!text.includes(':')) return undefined;
  const words: number[] = [];
  let tail = text;
  const lastColon = text.lastIndexOf(':');
  const v4Tail = text.slice(lastColon + 1);
  let v4: IpBytes | undefined;
  if (v4Tail.includes('.')) {
    v4 = /^\d+\.\d+\.\d+\.\d+$/.test(v4Tail) ? parseIPv4(v4Tail) : undefined;
    if (v4 === undefined) return undefined;
    tail = text.slice(0, lastColon + 1) + (text[lastColon - 1] === ':' ? '' : '0');
  }
  const halves = tail.split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    for (const word of half.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(word)) return undefined;
      out.push(Number.parseInt(word, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (head === undefined || rest === undefined) return undefined;
  // A trailing placeholder '0' stood in for the IPv4 tail; drop it and append the two words.
  const v4Words = v4 === undefined ? [] : [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
  if (v4 !== undefined) {
    if (rest.length > 0) rest.pop();
    else if (halves.length === 1) head.pop();
  }
  const total = head.length + rest.length + v4Words.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  words.push(...head, ...new Array<number>(8 - total).fill(0), ...rest, ...v4Words);
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** An IP in any spelling, or undefined when `text` is a host name. */
export function parseIp(text: string): IpBytes | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

function inPrefix(bytes: IpBytes, prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte] & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

const V4_RANGES: ReadonlyArray<readonly [number[], number, AddressClass]> = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'cgnat'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[255, 255, 255, 255], 32, 'broadcast'],
  [[240], 4, 'reserved'],
];

function classifyV4(bytes: IpBytes): AddressClass {
  for (const [prefix, bits, kind] of V4_RANGES) if (inPrefix(bytes, prefix, bits)) return kind;
  return 'public';
}

/** IPv6 prefixes whose last 32 bits are an IPv4 address that decides. */
const EMBEDDED_V4: ReadonlyArray<readonly [number[], number]> = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96], // ::ffff:a.b.c.d, IPv4-mapped
  [[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], 96], // ::ffff:0:a.b.c.d, IPv4-translated
  [[0, 0x64, 0xff, 0x9b], 96], // 64:ff9b::a.b.c.d, NAT64
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96], // ::a.b.c.d, IPv4-compatible (deprecated)
];

const V6_RANGES: ReadonlyArray<readonly [number[], number, AddressClass]> = [
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'reserved'], // 64:ff9b:1::/48 local-use NAT64
  [[0x01, 0x00], 64, 'reserved'], // 100::/64 discard
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved'], // Teredo: the real endpoint is hidden
  [[0x20, 0x01, 0x00], 23, 'reserved'], // IETF protocol assignments
  [[0xfc], 7, 'unique-local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // site-local (deprecated)
  [[0xff], 8, 'multicast'],
];

function classifyV6(bytes: IpBytes): AddressClass {
  if (bytes.every((b) => b === 0)) return 'unspecified';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return 'loopback';
  for (const [prefix, bits] of EMBEDDED_V4) if (inPrefix(bytes, prefix, bits)) return classifyV4(bytes.slice(12));
  // 6to4 (2002:a.b.c.d::/48) reaches the IPv4 address it embeds.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) {
    const inner = classifyV4(bytes.slice(2, 6));
    return inner === 'public' ? 'public' : inner;
  }
  for (const [prefix, bits, kind] of V6_RANGES) if (inPrefix(bytes, prefix, bits)) return kind;
  return 'public';
}

export function classifyBytes(bytes: IpBytes): AddressClass {
  return bytes.length === 4 ? classifyV4(bytes) : classifyV6(bytes);
}

/** The class of an IP in any spelling; undefined for a host name. */
export function classifyAddress(text: string): AddressClass | undefined {
  const bytes = parseIp(text);
  return bytes === undefined ? undefined : classifyBytes(bytes);
}

/** An IPv4 or IPv6 CIDR block (`10.0.0.0/8`, `fd00::/8`, or a single address). */
export class Cidr {
  private constructor(
    readonly bytes: IpBytes,
    readonly bits: number,
  ) {}

  static parse(text: string): Cidr | undefined {
    const slash = text.indexOf('/');
    const bytes = parseIp(slash === -1 ? text : text.slice(0, slash));
    if (bytes === undefined) return undefined;
    const max = bytes.length * 8;
    const bits = slash === -1 ? max : Number(text.slice(slash + 1));
    if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
    return new Cidr(bytes, bits);
  }

  contains(address: IpBytes): boolean {
    // An IPv4-mapped IPv6 address is the IPv4 address it maps.
    const a = address.length === 16 && this.bytes.length === 4 && inPrefix(address, EMBEDDED_V4[0][0], 96) ? address.slice(12) : address;
    return a.length === this.bytes.length && inPrefix(a, [...this.bytes], this.bits);
  }
}
