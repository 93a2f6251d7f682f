let hanUnits: Uint8Array | undefined;

/**
 * 1 for each BMP code unit of the Han script (what /\p{Script=Han}/u accepts), built once on
 * first use. The text checks test code units against it instead of running a regex or
 * building a one-character string per position.
 */
export function hanCodeUnits(): Uint8Array {
  if (!hanUnits) {
    hanUnits = new Uint8Array(65536);
    const han = /\p{Script=Han}/u;
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (han.test(String.fromCharCode(c))) hanUnits[c] = 1;
    }
  }
  return hanUnits;
}
