// Vocabulary of a case (DOMAIN.md, "The case's life"); the words a person reads are in glossary.ts.

export const caseStatuses = ['baru', 'ditugaskan', 'ditangani', 'dirujuk', 'selesai', 'ditutup', 'duplikat', 'ditolak'] as const
export type CaseStatus = (typeof caseStatuses)[number]

/** Statuses whose 24-hour clock is still running. */
export const openStatuses: readonly CaseStatus[] = ['baru', 'ditugaskan', 'ditangani', 'dirujuk']

/** A surat tugas is issued while someone is on the case and it is still open. */
export const letterStatuses: readonly CaseStatus[] = ['ditugaskan', 'ditangani', 'dirujuk']

/** How a report reached the agency; the words for each are in glossary.ts. */
export const channelCodes = ['telepon', 'datang', 'whatsapp', 'lainnya', 'online'] as const
export type Channel = (typeof channelCodes)[number]
/** Channels an operator records; `online` is the public form's own. */
export const operatorChannels: readonly Channel[] = ['telepon', 'datang', 'whatsapp', 'lainnya']
