import { describe, expect, test } from 'bun:test'
import { csvCell, csvRow, fileSlug, neutralizeFormula } from './csv.ts'

describe('csvCell', () => {
  test('plain text and numbers are written as they are', () => {
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace')
    expect(csvCell('ada@example.test')).toBe('ada@example.test')
    expect(csvCell(0)).toBe('0')
    expect(csvCell(7.5)).toBe('7.5')
    expect(csvCell(66.66666666666667)).toBe('66.66666666666667')
    expect(csvCell('')).toBe('')
  })

  test('null, undefined and non-finite numbers are empty cells', () => {
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('')
  })

  test('a cell with a comma, quote, CR or LF is quoted, its quotes doubled', () => {
    expect(csvCell('Smith, Jo')).toBe('"Smith, Jo"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"')
    expect(csvCell('"')).toBe('""""')
  })

  test('text that starts a formula is neutralized with a leading quote', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-1')).toBe("'-1")
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)")
    expect(csvCell('\tx')).toBe("'\tx")
    // Neutralized first, then quoted: the quote sits inside the quoted cell.
    expect(csvCell('\rx')).toBe(`"'\rx"`)
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`)
  })

  test('only the first character counts, and numbers are never neutralized', () => {
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell(' =1')).toBe(' =1')
    expect(csvCell("'=1")).toBe("'=1")
    expect(csvCell(-3)).toBe('-3')
    expect(neutralizeFormula('-')).toBe("'-")
    expect(neutralizeFormula('x-')).toBe('x-')
  })
})

describe('csvRow', () => {
  test('cells joined by commas, ended by CRLF', () => {
    expect(csvRow(['a', 1, null, 'b,c', '=x'])).toBe(`a,1,,"b,c",'=x\r\n`)
    expect(csvRow([])).toBe('\r\n')
    expect(csvRow([null])).toBe('\r\n')
  })
})

describe('fileSlug', () => {
  test('lowercase ASCII words joined by dashes, accents dropped', () => {
    expect(fileSlug('Backend Engineer — Screening #2')).toBe('backend-engineer-screening-2')
    expect(fileSlug('Ingénieur Données')).toBe('ingenieur-donnees')
    expect(fileSlug('  "quoted"/path\\..  ')).toBe('quoted-path')
  })

  test('at most 60 characters, never ending in a dash; the fallback when nothing is left', () => {
    expect(fileSlug(`${'a'.repeat(59)} b c`)).toBe('a'.repeat(59))
    expect(fileSlug('x'.repeat(100))).toHaveLength(60)
    expect(fileSlug('测试')).toBe('export')
    expect(fileSlug('', 'assessment')).toBe('assessment')
  })
})
