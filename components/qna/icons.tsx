// The row actions' icons: inline SVG (no icon font, no emoji whose glyph the system may lack), drawn with
// currentColor so they follow the light and dark themes. Decorative: each button carries its name as text.
import type { RowAction } from '@/lib/model/qna/view';

const PATHS: Record<RowAction, string> = {
  approve: 'M3 8.5l3.2 3.2L13 4.8',
  'edit-approve': 'M10.5 2.8l2.7 2.7L6 12.7H3.3V10z M9 4.3l2.7 2.7',
  dismiss: 'M4 4l8 8M12 4l-8 8',
  restore: 'M5.5 2.5L2.5 5.5l3 3M2.5 5.5H9.5a3.8 3.8 0 010 7.5H6',
  'answer-public': 'M2.5 3h11v7.5H7l-3.2 2.7V10.5H2.5z',
  'answer-private': 'M3.5 7.5h9v6h-9z M5.5 7.5V5.2a2.5 2.5 0 015 0v2.3',
  'answered-live': 'M6.2 2.5h3.6v6.2a1.8 1.8 0 01-3.6 0z M3.8 7.5a4.2 4.2 0 008.4 0 M8 11.7v2.3',
};

export function ActionIcon({ action }: { action: RowAction }) {
  return (
    <svg class="qna-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[action]} fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
