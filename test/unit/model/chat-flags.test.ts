import { describe, expect, it } from 'vitest';
import { autoDeleteRule, createFlagger, DEFAULT_FLAG_RULES, hasLink, isAllCaps, normalizeRules } from '@/lib/model/chat/flags';

const msg = (id: string, text: string, at = 0, authorKey = 'alice') => ({ id, text, at, authorKey });

describe('chat flags', () => {
  it('flags banned words, links and ALL CAPS, each with its reason', () => {
    const f = createFlagger(normalizeRules({ bannedWords: ['crypto*'] }));
    expect(f.check(msg('1', 'Great talk, thanks!'))).toEqual([]);
    expect(f.check(msg('2', 'Buy Cryptocoins here', 1000)).map((x) => x.rule)).toEqual(['banned']);
    expect(f.check(msg('3', 'see www.example.com', 2000)).map((x) => x.rule)).toEqual(['links']);
    expect(f.check(msg('4', 'spam.xyz is best', 3000)).map((x) => x.rule)).toEqual(['links']);
    expect(f.check(msg('5', 'WHY IS THE SOUND SO BAD', 4000))[0]).toEqual({ rule: 'caps', reason: 'Written in ALL CAPS' });
    expect(isAllCaps('OK LOL')).toBe(false);
    expect(isAllCaps('ÉTÉ TRÈS BIEN MERCI')).toBe(true);
    expect(hasLink('version 2.0 is out')).toBe(false);
  });

  it('flags the same text again from one person within 5 minutes, not from another person', () => {
    const f = createFlagger(DEFAULT_FLAG_RULES);
    expect(f.check(msg('1', 'Hello everyone', 0))).toEqual([]);
    expect(f.check(msg('2', 'hello, EVERYONE!', 10_000)).map((x) => x.rule)).toEqual(['repeat']);
    expect(f.check(msg('3', 'Hello everyone', 20_000, 'bob'))).toEqual([]);
    expect(f.check(msg('4', 'Hello everyone', 10 * 60_000))).toEqual([]);
  });

  it('remembers each text of the last 5 minutes however often it was posted, and forgets it after', () => {
    const f = createFlagger(normalizeRules({ ratePerMinute: null }));
    const rule = (id: string, text: string, at: number) => f.check(msg(id, text, at)).map((x) => x.rule);
    expect(rule('1', 'same again', 0)).toEqual([]);
    expect(rule('2', 'same again', 60_000)).toEqual(['repeat']);
    // The first one leaves the window; the second is still in it.
    expect(rule('3', 'something else', 5 * 60_000 + 30_000)).toEqual([]);
    expect(rule('4', 'Same again!', 5 * 60_000 + 50_000)).toEqual(['repeat']);
    // Many other texts between: only the window counts.
    for (let i = 0; i < 300; i++) expect(rule(`x${i}`, `line ${i}`, 6 * 60_000 + i)).toEqual([]);
    expect(rule('5', 'same again', 11 * 60_000)).toEqual([]);
    expect(rule('6', 'line 299', 11 * 60_000 + 1)).toEqual(['repeat']);
  });

  it('ALL CAPS counts letters as casing each character does, in any script', () => {
    // The general way: a cased letter is one whose lower and upper case differ.
    const reference = (text: string) => {
      let letters = 0;
      let upper = 0;
      for (const ch of text) {
        if (ch.toLowerCase() === ch.toUpperCase()) continue;
        letters++;
        if (ch === ch.toUpperCase()) upper++;
      }
      return letters >= 8 && upper / letters >= 0.8;
    };
    const texts = [
      'WHY IS THE SOUND SO BAD', 'Why is the sound so bad', 'WHY IS THE SOUND so', 'WHY 1234567890 !!! ??? ok', '12345678901234',
      'ÉTÉ TRÈS BIEN MERCI', 'été très bien merci', 'ÉTÉ TRÈS bien', 'СПАСИБО ЗА ДОКЛАД', 'спасибо ЗА ДОКЛАД',
      '🚀🔥 IS THIS LIVE?? 😂😂 👍🏽', '𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇𝐈 HELLO', 'ΓΕΙΑ ΣΑΣ ΟΛΟΙ', 'straße STRASSE', 'متى سيتم إصدار',
      'HELLO_WORLD[]^`{}~@AZaz', '@@@@ABCDEFGHabc', 'ABCDEFGHIJKL````abc', '[[[[ABCDEFGHabc', 'ABCDEFGHIJKL{{{{abc', 'ABCDEFGh', 'ABCDEFGhi', '',
    ];
    for (const text of texts) expect(isAllCaps(text), text).toBe(reference(text));
  });

  it('flags a person posting faster than N a minute, from the N+1th message on', () => {
    const f = createFlagger(normalizeRules({ ratePerMinute: 3, repeat: false }));
    const rules = [0, 1, 2, 3, 4].map((i) => f.check(msg(String(i), `message ${i}`, i * 1000)).map((x) => x.rule));
    expect(rules).toEqual([[], [], [], ['rate'], ['rate']]);
    // A minute later the person is back under the limit.
    expect(f.check(msg('5', 'calm now', 70_000))).toEqual([]);
    expect(f.check(msg('6', 'other person', 4500, 'bob'))).toEqual([]);
  });

  it("never flags a moderator's own message; a turned-off rule flags nothing", () => {
    const f = createFlagger(normalizeRules({ caps: false, links: false }));
    expect(f.check({ ...msg('1', 'VISIT WWW.KALTURA.COM NOW'), byModerator: true })).toEqual([]);
    expect(f.check(msg('2', 'VISIT WWW.KALTURA.COM NOW'))).toEqual([]);
  });

  it('auto-delete only for the rules the moderator turned it on for', () => {
    const rules = normalizeRules({ autoDelete: { links: true } });
    expect(autoDeleteRule([{ rule: 'caps', reason: '' }], rules)).toBeNull();
    expect(autoDeleteRule([{ rule: 'caps', reason: '' }, { rule: 'links', reason: '' }], rules)).toBe('links');
    expect(normalizeRules({}).autoDelete).toEqual({});
    expect(normalizeRules({ ratePerMinute: -1 }).ratePerMinute).toBeNull();
  });
});
