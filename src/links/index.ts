/** Links (错断链), the network part: a polite, SSRF-safe checker over undici. */
export { LinkChecker, DEFAULT_USER_AGENT } from './checker.js';
export type { CheckCallOptions, LinkCheckerOptions, ProgressListener } from './checker.js';
export { TargetGuard, RefusedTargetError, DEFAULT_PORTS } from './guard.js';
export { classifyAddress, parseIp, Cidr } from './address.js';
export type { AddressClass } from './address.js';
export { LinkMetrics } from './metrics.js';
export { loadLinksConfig, LinksConfigError } from './config.js';
export type { LinksConfig } from './config.js';
// The pure part, so that `jiaodui/links` is the whole library API of link checking.
export { extractLinks, classifyPage, isChallengePage, staticLinkFindings, resultFindings, HostList, siteOf, isOffSite, LINK_KINDS } from '../core/links/index.js';
export type { ExtractedLink, LinkCheckResult, LinkEvidence, LinkFinding, LinkKind, LinkOutcome, LinkUse, PageVerdict, SensitiveCheck } from '../core/links/index.js';
