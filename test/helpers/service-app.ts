import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/service/app.js';
import { loadConfig } from '../../src/service/config.js';
import type { ServiceConfig } from '../../src/service/config.js';
import { ENGINE_FIXTURE, writeDictionaryFolder } from './dictionaries.js';

/** Dictionaries the service tests assert against (the engine fixture plus a warning-level term). */
export const SERVICE_DICTIONARY: Record<string, string> = {
  ...ENGINE_FIXTURE,
  'sensitive/gambling.txt': '赌博\n网络赌场\n赌场\ncasino\n博彩\twarning\n',
};

export const ADMIN_TOKEN = 'test-admin-token';

/** Configuration for tests: two workers, no fast path unless asked, the test dictionaries, no load shedding. */
export function testConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    ...loadConfig({}),
    dictionariesDir: overrides.dictionariesDir ?? writeDictionaryFolder(SERVICE_DICTIONARY),
    workers: 2,
    queueLimit: 64,
    fastPathChars: 0,
    adminToken: ADMIN_TOKEN,
    // Startup blocks the loop (segmenter load); event-loop shedding would make tests flaky.
    maxEventLoopDelayMs: 0,
    ...overrides,
  };
}

export async function testApp(overrides: Partial<ServiceConfig> = {}): Promise<FastifyInstance> {
  return buildApp(testConfig(overrides));
}
