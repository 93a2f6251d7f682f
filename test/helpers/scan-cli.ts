import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the scan CLI tests share: the CLI under tsx, a generated archive, the JSON report. */
/** The CLI as a user runs it, under tsx (no build needed). */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

export function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `run` without blocking the event loop: for a CLI that talks to a server in the test's own process. */
export function runAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SENTENCES = [
  '截止目前，全市网站要按步就班地完成集约化建设。',
  '各单位要再接再励，取得更大成绩。',
  '市政府召开常务会议，研究部署下一阶段重点工作。',
  '坚持以人民为中心的发展思想，切实保障和改善民生。',
  '严厉打击网络赌场等违法犯罪活动。',
  '加快推进政务服务一网通办，提升群众办事便利度。',
];

/** An archive of `pages` small pages over two sites and three columns, with typos here and there. */
export function archive(pages: number): string {
  const root = mkdtempSync(join(tmpdir(), 'jiaodui-cli-scan-'));
  for (let i = 0; i < pages; i++) {
    const site = i % 2 === 0 ? 'gov-a' : 'gov-b';
    const column = ['news', 'notice', 'policy'][i % 3]!;
    mkdirSync(join(root, site, column), { recursive: true });
    const body = Array.from({ length: 4 }, (_, k) => SENTENCES[(i * 7 + k * 3) % SENTENCES.length]).join('');
    writeFileSync(join(root, site, column, `${String(i).padStart(5, '0')}.html`), `<html><head><meta charset="utf-8"></head><body><h1>第${i}号通知</h1><p>${body}</p></body></html>`);
  }
  writeFileSync(join(root, 'gov-a', 'news', 'broken.txt'), Buffer.from([0xe4, 0xb8]));
  return root;
}

export type JsonReport = { findings: Array<Record<string, unknown>>; problems: unknown[]; job: { id: number; state: string } };

export function readJson(file: string): JsonReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
}
