// Builds the editor page (web/) into dist/web/: esbuild bundles web/src/main.ts (mammoth's
// browser build split into its own chunk, loaded on the first .docx), every asset name carries
// a content hash, and index.html is replaced last (write + rename) with those names, so a
// running service never serves an HTML page pointing at missing files. Assets of earlier
// builds stay for a while (a page loaded before a rebuild still fetches its lazy mammoth
// chunk) and are removed once they are an hour old. Plain JavaScript (not .ts) because
// `npm ci` runs it through `prepare`, before anything could compile it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How long the assets of an earlier build are kept. */
const STALE_ASSET_MS = 60 * 60 * 1000;

export async function buildWeb({ outDir = path.join(root, 'dist/web'), minify = true } = {}) {
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'web/src/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    // Intranet desktops run older Chromium shells (360, QQ: Chromium 86 and up); CodeMirror 6 needs no newer.
    target: 'es2020',
    outdir: path.join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    minify,
    sourcemap: false,
    legalComments: 'linked',
    metafile: true,
    // Written below, each file whole (temporary + rename): another build may be serving these.
    write: false,
    logLevel: 'warning',
    // mammoth's browser bundle expects a CommonJS world; nothing else reads these.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  for (const file of result.outputFiles) {
    // Hashed names: a file that exists already has these bytes.
    if (existsSync(file.path) && statSync(file.path).size === file.contents.length && !file.path.endsWith('.LEGAL.txt')) {
      utimesSync(file.path, new Date(), new Date());
      continue;
    }
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, output]) => output.entryPoint === 'web/src/main.ts');
  if (!entry) throw new Error('build-web: no output for web/src/main.ts');
  const script = path.relative(outDir, entry[0]).split(path.sep).join('/');
  const css = entry[1].cssBundle ? path.relative(outDir, entry[1].cssBundle).split(path.sep).join('/') : undefined;

  const favicon = readFileSync(path.join(root, 'web/favicon.svg'));
  const faviconName = `assets/favicon-${createHash('sha256').update(favicon).digest('hex').slice(0, 8)}.svg`;
  writeFileSync(path.join(outDir, faviconName), favicon);

  const template = readFileSync(path.join(root, 'web/index.html'), 'utf8');
  const html = template
    .replace('<!--css-->', css ? `<link rel="stylesheet" href="/${css}">` : '')
    .replace('<!--script-->', `<script type="module" src="/${script}"></script>`)
    .replace('<!--favicon-->', `<link rel="icon" type="image/svg+xml" href="/${faviconName}">`);
  const temporary = path.join(outDir, `.index-${process.pid}.html`);
  writeFileSync(temporary, html);
  renameSync(temporary, path.join(outDir, 'index.html'));

  const current = new Set([...outputs.map(([file]) => path.resolve(root, file)), path.join(outDir, faviconName)]);
  const stale = Date.now() - STALE_ASSET_MS;
  for (const name of readdirSync(path.join(outDir, 'assets'))) {
    const file = path.join(outDir, 'assets', name);
    if (!current.has(file) && statSync(file).mtimeMs < stale) rmSync(file, { force: true });
  }
  return { outDir, script, css, bytes: Object.fromEntries(outputs.map(([file, output]) => [path.relative(outDir, file), output.bytes])) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, bytes } = await buildWeb();
  const total = Object.values(bytes).reduce((sum, n) => sum + n, 0);
  console.log(`build-web: ${Object.keys(bytes).length} files, ${(total / 1024).toFixed(0)} KiB in ${path.relative(root, outDir)}`);
}
