// Builds the editor page (web/) into dist/web/: esbuild bundles web/src/main.ts (mammoth's
// browser build split into its own chunk, loaded on the first .docx), every asset name carries
// a content hash, and index.html is written last with those names, so a half-written build
// never serves an HTML page pointing at missing files. Plain JavaScript (not .ts) because
// `npm ci` runs it through `prepare`, before anything could compile it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildWeb({ outDir = path.join(root, 'dist/web'), minify = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
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
    logLevel: 'warning',
    // mammoth's browser bundle expects a CommonJS world; nothing else reads these.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
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
  writeFileSync(path.join(outDir, 'index.html'), html);
  return { outDir, script, css, bytes: Object.fromEntries(outputs.map(([file, output]) => [path.relative(outDir, file), output.bytes])) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, bytes } = await buildWeb();
  const total = Object.values(bytes).reduce((sum, n) => sum + n, 0);
  console.log(`build-web: ${Object.keys(bytes).length} files, ${(total / 1024).toFixed(0)} KiB in ${path.relative(root, outDir)}`);
}
