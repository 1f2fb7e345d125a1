/**
 * Display texts of RFM segments (DOMAIN.md §9) for RfmView.svelte and RfmAudiences.svelte: the
 * default segments have a translated name, meaning and action; custom names show as typed.
 */
import type { i18n } from '../../i18n/i18n.svelte';
import type { MessageKey } from '../../i18n/en';
import { OTHERS } from '../../sql/analysis/rfm';

/** i18n slugs of the DOMAIN.md §9 default segment names (custom names have none). */
const SEGMENT_SLUGS: Record<string, string> = {
  Champions: 'champions',
  'Potential Loyalist': 'potentialLoyalist',
  'Loyal Customers': 'loyalCustomers',
  Promising: 'promising',
  'New Customers': 'newCustomers',
  "Can't Lose Them": 'cantLoseThem',
  'At Risk': 'atRisk',
  'Need Attention': 'needAttention',
  'About To Sleep': 'aboutToSleep',
  Lost: 'lost',
  [OTHERS]: 'others',
};

/** A segment's name in the UI language (a custom name as is). */
export const segmentLabel = (t: typeof i18n.t, name: string) =>
  name in SEGMENT_SLUGS ? t(`rfm.seg.${SEGMENT_SLUGS[name]}.name` as MessageKey) : name;

/** A default segment's meaning or suggested action; '–' for a custom one. */
export const segmentText = (t: typeof i18n.t, name: string, part: 'meaning' | 'action') =>
  name in SEGMENT_SLUGS ? t(`rfm.seg.${SEGMENT_SLUGS[name]}.${part}` as MessageKey) : '–';
