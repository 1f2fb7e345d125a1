/**
 * CSV exports neutralise spreadsheet formulas (issue #7 item 5): a text cell starting with =, +,
 * -, @, tab or CR gets a leading apostrophe; quoting follows RFC 4180. Expected strings written by
 * hand.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/lib/components/download';

describe('csvCell', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+441234', "'+441234"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
  ])('%j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('writes numbers as numbers (a negative amount is not a formula) and empties for null', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  it('writes a header line, one line per row and a final newline', () => {
    expect(
      toCsv(
        ['channel', 'users'],
        [
          ['=evil', 3],
          ['kol, live', -1],
        ],
      ),
    ).toBe('channel,users\n\'=evil,3\n"kol, live",-1\n');
  });
});
