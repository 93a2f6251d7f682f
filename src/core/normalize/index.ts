/**
 * Text normalization for dictionary matching: width, case, compatibility forms, traditional ->
 * simplified and noise removal, with a map from every normalized unit back to the original.
 * See DESIGN.md in this folder.
 */
export { DEFAULT_NORMALIZE_OPTIONS, type NormalizeOptions } from './options.js';
export { Normalizer, type NormalizedText } from './normalizer.js';
