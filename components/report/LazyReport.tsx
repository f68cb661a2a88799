import type { ReportViewProps } from './ReportView';
import { lazyView } from '../lazy';

/** The report view (our report, charts, CSV, Kaltura's reports), loaded when first opened. */
export const LazyReport = lazyView<ReportViewProps>(() => import('./ReportView').then((m) => m.ReportView), 'report view');
