import t from 'tap';
import { Cidr, classifyAddress, parseIp, TargetGuard } from '../../src/links/index.js';

// The classifier is tested directly: nothing here opens a socket.
const CASES: Array<[string, string | undefined]> = [
  // 127/8 in every spelling
  ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['2130706433', 'loopback'], ['0x7f000001', 'loopback'],
  ['0x7F.0.0.1', 'loopback'], ['0177.0.0.1', 'loopback'], ['0177.0000.0000.0001', 'loopback'], ['127.1', 'loopback'],
  ['127.0.1', 'loopback'], ['127.0.0.1.', 'loopback'],
  ['::1', 'loopback'], ['[::1]', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'], ['[::ffff:127.0.0.1]', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::127.0.0.1', 'loopback'],
  ['::ffff:0:127.0.0.1', 'loopback'], ['64:ff9b::127.0.0.1', 'loopback'], ['2002:7f00:1::', 'loopback'],
  // unspecified
  ['0.0.0.0', 'unspecified'], ['0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'], ['[::]', 'unspecified'],
  // private
  ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['012.0.0.1', 'private'], ['167772161', 'private'],
  ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['0xac100001', 'private'],
  ['192.168.0.1', 'private'], ['192.168.255.255', 'private'], ['3232235521', 'private'], ['::ffff:192.168.1.1', 'private'],
  ['::ffff:c0a8:101', 'private'], ['::ffff:10.0.0.1', 'private'], ['fec0::1', 'private'],
  // link-local and cloud metadata
  ['169.254.169.254', 'link-local'], ['169.254.0.1', 'link-local'], ['2852039166', 'link-local'], ['0xa9fea9fe', 'link-local'],
  ['::ffff:169.254.169.254', 'link-local'], ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'],
  // CGNAT
  ['100.64.0.1', 'cgnat'], ['100.127.255.255', 'cgnat'],
  // unique local
  ['fc00::1', 'unique-local'], ['fd00::1', 'unique-local'], ['fdff:ffff::1', 'unique-local'],
  // multicast, broadcast, reserved, documentation
  ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['ff02::1', 'multicast'], ['255.255.255.255', 'broadcast'],
  ['4294967295', 'broadcast'], ['240.0.0.1', 'reserved'], ['198.18.0.1', 'reserved'], ['192.0.2.1', 'documentation'],
  ['2001:db8::1', 'documentation'], ['100::1', 'reserved'], ['2001::1', 'reserved'],
  // public: the edges of the ranges above
  ['8.8.8.8', 'public'], ['172.15.255.255', 'public'], ['172.32.0.0', 'public'], ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'], ['169.253.255.255', 'public'], ['11.0.0.0', 'public'], ['192.169.0.0', 'public'],
  ['2606:4700:4700::1111', 'public'], ['::ffff:8.8.8.8', 'public'], ['fbff::1', 'public'], ['2400:cb00::1', 'public'],
  // not addresses
  ['example.gov.cn', undefined], ['256.0.0.1', undefined], ['1.2.3.4.5', undefined], ['4294967296', undefined],
  ['08.0.0.1', undefined], ['1:2:3:4:5:6:7:8:9', undefined], ['1::2::3', undefined], ['::ffff:1.2.3', undefined], ['', undefined],
];

for (const [address, expected] of CASES) {
  t.equal(classifyAddress(address), expected, address);
}

t.test('short IPv4 forms fill from the right, as inet_aton does', async (t) => {
  t.same([...(parseIp('127.1') ?? [])], [127, 0, 0, 1]);
  t.same([...(parseIp('10.1.65535') ?? [])], [10, 1, 255, 255]);
  t.same([...(parseIp('0x0a.0x10.0x1') ?? [])], [10, 16, 0, 1]);
});

t.test('CIDRs, IPv4 and IPv6, and mapped addresses inside IPv4 blocks', async (t) => {
  const block = Cidr.parse('10.0.0.0/8');
  t.ok(block?.contains(parseIp('10.9.8.7') as Uint8Array));
  t.notOk(block?.contains(parseIp('11.0.0.1') as Uint8Array));
  t.ok(block?.contains(parseIp('::ffff:10.0.0.1') as Uint8Array));
  t.ok(Cidr.parse('fd00::/8')?.contains(parseIp('fd12::1') as Uint8Array));
  t.notOk(Cidr.parse('fd00::/8')?.contains(parseIp('fc00::1') as Uint8Array));
  t.equal(Cidr.parse('10.0.0.0/33'), undefined);
  t.equal(Cidr.parse('intranet.example.gov.cn'), undefined);
});

t.test('the guard: refusal by class, opened by CIDR or host name; scheme and port rules', async (t) => {
  const closed = new TargetGuard();
  t.equal(closed.refusal('x', '127.0.0.1'), 'loopback');
  t.equal(closed.refusal('x', '8.8.8.8'), undefined);
  const open = new TargetGuard({ allow: ['10.1.0.0/16', 'intranet.example.gov.cn'] });
  t.equal(open.refusal('x', '10.1.2.3'), undefined);
  t.equal(open.refusal('x', '10.2.0.1'), 'private');
  t.equal(open.refusal('www.intranet.example.gov.cn', '192.168.1.1'), undefined);
  t.equal(closed.preflight(new URL('ftp://example.com/')), 'unsupported-scheme');
  t.equal(closed.preflight(new URL('http://example.com:22/')), 'port-not-allowed');
  t.equal(closed.preflight(new URL('https://example.com:8443/')), undefined);
  t.equal(closed.preflight(new URL('http://127.0.0.1:22/')), 'refused-private', 'the address is refused before the port is looked at');
  t.equal(open.preflight(new URL('http://10.1.2.3:9000/')), undefined, 'an allow-listed CIDR opens any port');
  t.equal(open.preflight(new URL('http://app.intranet.example.gov.cn:9000/')), undefined, 'so does an allow-listed name');
  t.equal(open.preflight(new URL('http://10.2.0.1:9000/')), 'refused-private');
  t.equal(open.preflight(new URL('http://example.com:9000/')), 'port-not-allowed');
  for (const spelling of ['http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/', 'http://0x7f000001/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]/', 'http://169.254.169.254/latest/meta-data/']) {
    t.equal(closed.preflight(new URL(spelling)), 'refused-private', spelling);
  }
});
