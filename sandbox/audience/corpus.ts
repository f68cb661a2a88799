/**
 * What simulated attendees say. Questions are built from templates over each session's topics, so a
 * moderator sees realistic volume: fresh questions, exact duplicates, reworded near-duplicates, and
 * hostile text (HTML and script, a 5,000-character wall, RTL Arabic and Hebrew, emoji) that every
 * renderer must show as text.
 */
import { pick, type Rng } from './prng.js';

/** Topics per session title; sessions not listed get the generic ones. */
export const TOPICS: Record<string, readonly string[]> = {
  'Opening keynote': ['the roadmap', 'the new pricing', 'AI features', 'the partner program', 'the mobile app', 'data residency in the EU'],
  'Product deep dive': ['the analytics API', 'SSO with SAML', 'webhooks', 'the recording pipeline', 'accessibility and captions', 'rate limits'],
  'Legacy webcast': ['the stream latency', 'closed captions', 'the slide sync', 'the replay', 'bandwidth'],
};
const GENERIC = ['this session', 'the demo', 'the slides', 'security', 'pricing'];

export function topicsFor(title: string): readonly string[] {
  return TOPICS[title] ?? GENERIC;
}

export const QUESTION_TEMPLATES = [
  'When will {t} be generally available?',
  'Will the slides about {t} be shared after the session?',
  'How does {t} work for customers in regulated industries?',
  'Can you give a concrete example of {t} in production?',
  'What is the migration path to {t} for existing customers?',
  'Is {t} included in the standard plan or is it an add-on?',
  'How does {t} compare with what competitors offer?',
  'Are there known limitations of {t} we should plan for?',
  'Who should we contact to pilot {t}?',
  'Does {t} work with our existing SSO setup?',
];

/** Near-duplicate rewrites: the same question a moderator would merge. */
export const REWORDS: ((q: string) => string)[] = [
  (q) => q.toLowerCase(),
  (q) => q.replace(/\?$/, '??'),
  (q) => `Sorry if this was asked already: ${q}`,
  (q) => q.replace(/^When will/, 'Any date for when').replace(/^Will/, 'Are'),
  (q) => `${q} Thanks!`,
  (q) => q.replace(/ the /, ' '),
];

export const HOSTILE: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("xss")</script> is this safe?',
  '"><svg onload=alert(document.domain)>',
  `Long question: ${'all work and no play makes a moderator dull '.repeat(120)}`.slice(0, 5000),
  'متى سيتم إصدار الميزة الجديدة؟',
  'מתי התכונה החדשה תהיה זמינה?',
  '🚀🔥 Is this live?? 😂😂 👍🏽👨‍👩‍👧‍👦',
  'RTL mix: שלום world مرحبا <b>bold</b>',
];

const CHAT_LINES = [
  'Hello from Berlin!',
  'Great session so far',
  'Audio is a bit low on my side',
  'Can you share the link?',
  '+1',
  'Thanks for the demo 👏',
  'Is the recording going to be available?',
  'Greetings from São Paulo',
  'This is exactly what we needed',
  'lol',
  'Slides are not advancing for me',
  'Which plan includes this?',
];

const FIRST = ['Ana', 'Ben', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Gil', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lea', 'Mateo', 'Noa', 'Omar', 'Priya', 'Rina', 'Sven', 'Tomás', 'Yuki'];
const LAST = ['Alvarez', 'Brown', 'Cohen', 'Diallo', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Kowalski', 'Levi', 'Müller', 'Nguyen', 'Okafor', 'Patel', 'Rossi', 'Sato', 'Weber'];

export function botName(rng: Rng): string {
  return `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
}

export function freshQuestion(rng: Rng, topics: readonly string[]): string {
  return pick(rng, QUESTION_TEMPLATES).replace('{t}', pick(rng, topics));
}

export function reword(rng: Rng, q: string): string {
  return pick(rng, REWORDS)(q);
}

export function chatLine(rng: Rng): string {
  return pick(rng, CHAT_LINES);
}
