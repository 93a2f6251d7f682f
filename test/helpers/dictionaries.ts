import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes a dictionary folder from `{ 'sensitive/gambling.txt': 'line\nline' }` and returns its path. */
export function writeDictionaryFolder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-test-dict-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

/** A small dictionary exercising every kind, used by the engine tests. */
export const ENGINE_FIXTURE: Record<string, string> = {
  'sensitive/gambling.txt': '# test\n赌博\n网络赌场\n赌场\ncasino\n',
  'sensitive/drugs.txt': '冰毒\n吸毒\n',
  'sensitive/pornography.txt': '性交\nsex\n',
  'sensitive/fraud.txt': '办证\n套现\n',
  'sensitive/separatism.txt': '藏独\tcritical\n台独\tcritical\n',
  'typo/common.txt': '按步就班\t按部就班\n再接再励\t再接再厉\n布署\t部署\n',
  'normative/xinhua.txt': '北朝鲜\t朝鲜\t应使用正式国名\tcritical\n最佳\t\t《广告法》第九条\tinfo\n',
  'whitelist/common.txt': '打击赌博\n禁毒\n',
};
