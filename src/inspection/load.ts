import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeInspectionConfig, InspectionConfigError, type InspectionConfig } from './config.js';

/** The global layer's folder name in SITES_DIR (the sites room uses the same). */
export const GLOBAL_FOLDER = '_global';
export const CONFIG_FILE = 'inspection.json';

export interface InspectionConfigs {
  sites: Map<string, InspectionConfig>;
  /** `_global/inspection.json`: the global alert webhook (its columns are ignored). */
  global?: InspectionConfig;
}

async function readConfig(file: string, name: string): Promise<InspectionConfig | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InspectionConfigError(name, `not valid JSON: ${(error as Error).message}`);
  }
  return normalizeInspectionConfig(json, name);
}

/** Reads `<sitesDir>/<site>/inspection.json` of every site folder (hidden folders skipped). */
export async function loadInspectionConfigs(sitesDir: string): Promise<InspectionConfigs> {
  const sites = new Map<string, InspectionConfig>();
  let global: InspectionConfig | undefined;
  for (const entry of await readdir(sitesDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const name = `${entry.name}/${CONFIG_FILE}`;
    const config = await readConfig(path.join(sitesDir, entry.name, CONFIG_FILE), name);
    if (config === undefined) continue;
    if (entry.name === GLOBAL_FOLDER) global = config;
    else sites.set(entry.name, config);
  }
  return global === undefined ? { sites } : { sites, global };
}
