// The Q&A view's sections that open on demand ("Similar questions", "Banned words", "Audit trail"): one
// chunk of their own, loaded the first time one of them opens (components/qna/Duplicates.tsx and the others
// are the lazy stand-ins QnaView renders). The inbox's first paint needs none of this.
export { AuditTrail } from './AuditTrail';
export { BannedWords } from './BannedWords';
export { Duplicates, duplicateGroups } from './Duplicates';
