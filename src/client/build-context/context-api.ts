// The lab's build context from GET /api/labs/:lab/context (shared/build-context.ts).
import { contextListingSchema, type ContextListing } from '../../../shared/build-context.ts';
import { getJson } from '../compare/get-json.ts';

export const fetchContext = (lab: string): Promise<ContextListing> => getJson(`/api/labs/${encodeURIComponent(lab)}/context`, contextListingSchema);
