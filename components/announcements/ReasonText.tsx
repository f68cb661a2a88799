/**
 * ReasonText: why an announcement did not go out. The reason holds the widget's error text, which the page
 * controls (markup, bidi overrides, 300 KB): it is shown as text, in its own direction-isolated span, cut to
 * REASON_SHOWN_MAX characters with a visible mark, and wrapped anywhere so it stays inside its line's box.
 *
 * data-testid: `testId` (the reason's text) · ann-reason-cut (the mark, only when cut)
 */
import { boundReason, cutMark } from '@/lib/model/announcements/reason';
import './reason.css';

export function ReasonText({ text, testId }: { text: string; testId: string }) {
  const { shown, omitted } = boundReason(text);
  return (
    <>
      <span class="ann-reason" dir="auto" data-testid={testId}>
        {shown}
      </span>
      {omitted > 0 && (
        <span class="ann-reason-cut" data-testid="ann-reason-cut">
          {cutMark(omitted)}
        </span>
      )}
    </>
  );
}
