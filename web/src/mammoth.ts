// mammoth's browser build (a CommonJS bundle without its own types): the one place the page
// touches it, so the rest imports a typed module.
// @ts-expect-error no declaration file for the browser bundle
import mammothBrowser from 'mammoth/mammoth.browser.js';

interface Mammoth {
  extractRawText(input: { arrayBuffer: ArrayBuffer }): Promise<{ value: string; messages: unknown[] }>;
}

const mammoth = mammothBrowser as Mammoth;
export default mammoth;
