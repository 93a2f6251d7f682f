import { Normalizer } from '../core/normalize/index.js';
import { jiebaSegmenter } from '../core/segment/jieba.js';
import { SiteOverlay, type SiteOverlayTransfer } from '../core/sites/overlay.js';

/**
 * Overlays restored from their transfers in a worker thread, by site and version. A task
 * carries its overlay's version, so a worker uses exactly the overlay the request pinned;
 * a changed site gets a new entry and the old one ages out (least recently used first).
 */
export class OverlayCache {
  private readonly overlays = new Map<string, SiteOverlay>();
  private readonly normalizer = new Normalizer();

  constructor(private readonly capacity = 256) {}

  get(transfer: SiteOverlayTransfer): SiteOverlay {
    const key = `${transfer.id}\u0000${transfer.version}`;
    let overlay = this.overlays.get(key);
    if (overlay !== undefined) {
      // Re-insert: Map order is the recency order.
      this.overlays.delete(key);
      this.overlays.set(key, overlay);
      return overlay;
    }
    overlay = SiteOverlay.fromTransfer(transfer, (term) => this.normalizer.normalizeTerm(term));
    jiebaSegmenter(overlay.segmentationWords());
    this.overlays.set(key, overlay);
    for (const oldest of this.overlays.keys()) {
      if (this.overlays.size <= this.capacity) break;
      this.overlays.delete(oldest);
    }
    return overlay;
  }

  get size(): number {
    return this.overlays.size;
  }
}
