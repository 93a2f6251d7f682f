/** Links (错断链), the pure part: extraction with source offsets, hidden links, page classification, findings. */
export { extractLinks, resolve } from './extract.js';
export type { LinkExtraction } from './extract.js';
export { classifyPage, isChallengePage, pageText, SOFT_404_PHRASES, PARKING_TEXT, PARKING_MARKUP, POISON_CATEGORIES } from './classify.js';
export type { PageVerdict, SensitiveCheck, SensitiveHit } from './classify.js';
export { linkFinding, resultFindings, staticLinkFindings } from './findings.js';
export type { FindingPlace, LinkCheckResult, LinkOutcome } from './findings.js';
export { HostList, isOffSite, siteOf } from './site.js';
export { LINK_KINDS } from './types.js';
export type { ExtractedLink, LinkEvidence, LinkFinding, LinkHop, LinkKind, LinkUse } from './types.js';
