/**
 * CSV for Excel (issue 7): UTF-8 with a BOM so Excel picks the encoding, RFC 4180 quoting and CRLF
 * line ends. A text cell starting with = + - @ TAB or CR would run as a formula in a spreadsheet
 * (OWASP "CSV injection"), so it gets a leading apostrophe; numbers are written as they are.
 */
export type Cell = string | number | null

const risky = /^[=+\-@\t\r]/

export function csvCell(value: Cell): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const text = risky.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
