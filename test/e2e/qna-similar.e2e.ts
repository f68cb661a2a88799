// "Similar questions", end to end in Chromium on the CnC surface: groups never mix different questions, a
// question can be taken out of its group, a merge leaves a visible result, and the audit names questions by
// their text, never by internal id.
import { describe, expect, it } from 'vitest';
import { ask, moderatorUrl, openModeration, uniqueTag, upvote, waitTruth } from './harness/qna';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const env = useSandboxChromium();

describe('Similar questions', () => {
  it('groups only the same question, takes one out on "Not the same", shows what a merge did, and audits by text', async () => {
    const tag = uniqueTag();
    const slides = [`${tag} When will the slides be shared?`, `${tag} when will slides be shared??`, `${tag} Any date for when the slides are shared?`];
    const recording = `${tag} When will the recording be shared?`;
    const ids = slides.map((t, i) => ask(env.sb, t, { userId: `sim-${i}` }));
    const recordingId = ask(env.sb, recording, { userId: 'sim-rec' });
    for (let v = 0; v < 3; v++) upvote(env.sb, ids[0]!, `sim-voter-${v}`);

    const { panel } = await openModeration(env.h, moderatorUrl());
    await panel.search(tag);
    for (const id of [...ids, recordingId]) await panel.waitItem(id, 'pending');
    await waitFor('the votes on the first row', async () => ((await panel.item(ids[0]!).locator('[data-testid=qna-votes]').textContent()) ?? '').trim(), (v) => v === '▲ 3', { timeout: 5_000 });

    await panel.tid('qna-duplicates-toggle').click();
    const group = panel.page.locator('[data-testid=qna-duplicate-group]').filter({ hasText: tag });
    const members = () => group.locator('[data-testid=qna-duplicate-member]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.questionId));
    await waitFor('one group of the three slides questions, without the recording one', members, (m) => JSON.stringify(m) === JSON.stringify(ids), { timeout: 5_000 });
    expect(await group.count()).toBe(1);

    // "Not the same" on the third: the group is the first two.
    await group.locator(`[data-testid=qna-duplicate-member][data-question-id="${ids[2]}"] [data-testid=qna-duplicate-take-out]`).click();
    await waitFor('the group without the one taken out', members, (m) => JSON.stringify(m) === JSON.stringify(ids.slice(0, 2)), { timeout: 3_000 });

    await group.locator('[data-testid=qna-merge]').click();
    const result = panel.tid('qna-merge-result');
    await waitFor('a visible merge result', async () => ((await result.isVisible()) ? ((await result.textContent()) ?? '').trim() : ''), (t) => t.length > 0, { timeout: 3_000 });
    expect(((await result.textContent()) ?? '').trim()).toBe(`Merged 2 questions into “${slides[0]}”: it now shows 3 votes, the other 1 is dismissed.`);
    expect(await group.count(), 'the merged group leaves the list').toBe(0);
    await waitTruth(env.sb, 'the merged one dismissed', ids[1]!, (q) => q.state === 'dismissed');

    await panel.tid('qna-audit-toggle').click();
    const audit = panel.page.locator('[data-testid=qna-audit-entry]');
    await waitFor('the merge in the audit, naming the kept question by its text', () => audit.allTextContents(), (t) => t.some((x) => x.includes(`merged 1 into “${slides[0]}”`)), { timeout: 5_000 });
    const texts = await audit.allTextContents();
    for (const id of [...ids, recordingId]) expect(texts.filter((t) => t.includes(id)), `internal id ${id} in the audit`).toEqual([]);
  }, 60_000);
});
