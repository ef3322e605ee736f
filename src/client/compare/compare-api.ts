// The two routes the comparison and the size history read (docs/protocol.md, "Inside the
// image"), validated with the shared schemas.
import { imageComparisonSchema, sizeHistorySchema, type ImageComparison, type SizeHistory } from '../../../shared/image-analysis/schema.ts';
import type { BuildPair } from './build-choices.ts';
import { getJson } from './get-json.ts';

const labPath = (lab: string) => `/api/labs/${encodeURIComponent(lab)}`;

export const fetchSizeHistory = (lab: string): Promise<SizeHistory> => getJson(`${labPath(lab)}/size-history`, sizeHistorySchema);

export const fetchComparison = (lab: string, pair: BuildPair): Promise<ImageComparison> =>
  getJson(`${labPath(lab)}/builds/compare?a=${encodeURIComponent(pair.a)}&b=${encodeURIComponent(pair.b)}`, imageComparisonSchema);
