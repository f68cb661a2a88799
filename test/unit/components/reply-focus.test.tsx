// The reply box takes focus in the commit that shows it. The keys a moderator types right after r or p must
// go to the box: on the list, letters are commands on the active question (a, d, b...). With focus moved
// after the next paint (an effect), they went to the list on a busy machine.
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplyPanel, type ReplyPanelProps } from '@/components/qna/ReplyPanel';
import { question } from '../model/qna-fixtures';

const noop = () => {};
const props = (over: Partial<ReplyPanelProps> = {}): ReplyPanelProps => ({
  q: question('Where are the slides?'),
  mode: { kind: 'answer', visibility: 'private' },
  me: 'mod-a',
  canClaim: false,
  claimAbsent: null,
  draft: '',
  takingOver: false,
  claimError: null,
  onDraft: noop,
  onSend: noop,
  onTakeOver: noop,
  onRelease: noop,
  onRetryClaim: noop,
  onRetry: noop,
  onClose: noop,
  ...over,
});

describe('reply box focus', () => {
  const host = document.createElement('div');
  afterEach(() => render(null, host));

  it('has focus as soon as it is rendered, before any frame or timer', () => {
    document.body.append(host);
    const list = document.createElement('div');
    list.tabIndex = 0;
    document.body.append(list);
    list.focus();
    render(<ReplyPanel {...props()} />, host); // no act(): nothing after the commit has run
    expect((document.activeElement as HTMLElement | null)?.dataset.testid).toBe('qna-reply-text');
  });

  it('an edit box too; a box for a question another moderator holds takes none', () => {
    document.body.append(host);
    render(<ReplyPanel {...props({ mode: { kind: 'edit' } })} />, host);
    expect((document.activeElement as HTMLElement | null)?.dataset.testid).toBe('qna-edit-text');
    render(null, host);
    const before = document.activeElement;
    render(<ReplyPanel {...props({ mode: { kind: 'blocked', action: 'approve' } })} />, host);
    expect(document.activeElement).toBe(before);
  });
});
