import { CODE_LANGUAGE_LABELS, type CodeLanguage } from './code-questions.ts'
import { PHP_INTERNAL_FUNCTIONS } from './php-functions.ts'

/**
 * Names an entry point or a parameter may not take in a language: its keywords, and for the
 * languages whose driver shares the candidate's scope, the names the driver needs (`main`, Go's
 * predeclared identifiers and the driver's imports). Checked when a question is saved, so a name
 * that cannot compile in one of the question's languages is a field error, not a question every
 * candidate fails.
 */
const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean))

const JAVASCRIPT = words(`
  await break case catch class const continue debugger default delete do else enum export extends
  false finally for function if implements import in instanceof interface let new null package
  private protected public return static super switch this throw true try typeof var void while
  with yield arguments eval`)

const PYTHON = words(`
  False None True and as assert async await break class continue def del elif else except finally
  for from global if import in is lambda nonlocal not or pass raise return try while with yield
  __debug__`)

const JAVA = words(`
  abstract assert boolean break byte case catch char class const continue default do double else
  enum extends final finally float for goto if implements import instanceof int interface long
  native new package private protected public return short static strictfp super switch
  synchronized this throw throws transient try void volatile while true false null var record
  yield _`)

// Solution: the entry point's class (a member cannot share its class's name, CS0542).
const CSHARP = words(`
  abstract as base bool break byte case catch char checked class const continue decimal default
  delegate do double else enum event explicit extern false finally fixed float for foreach goto if
  implicit in int interface internal is lock long namespace new null object operator out override
  params private protected public readonly ref return sbyte sealed short sizeof stackalloc static
  string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual
  void volatile while Solution`)

const C = words(`
  auto break case char const continue default do double else enum extern float for goto if inline
  int long register restrict return short signed sizeof static struct switch typedef union
  unsigned void volatile while _Bool _Complex _Imaginary main`)

const CPP = words(`
  alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
  char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
  co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
  extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
  nullptr operator or or_eq private protected public register reinterpret_cast requires return
  short signed sizeof static static_assert static_cast struct switch template this thread_local
  throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
  xor xor_eq main string vector`)

// A package-level function shadows these for the driver too (it shares package main).
const GO = words(`
  break case chan const continue default defer else fallthrough for func go goto if import
  interface map package range return select struct switch type var main init
  bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint
  uint8 uint16 uint32 uint64 uintptr any comparable true false iota nil append cap clear close
  complex copy delete imag len make max min new panic print println real recover
  bufio hex fmt os strconv strings`)

const RUST = words(`
  as async await break const continue crate dyn else enum extern false fn for if impl in let loop
  match mod move mut pub ref return self Self static struct super trait true type unsafe use where
  while abstract become box do final macro override priv typeof unsized virtual yield try main
  Some None Ok Err`)

const RUBY = words(`
  __ENCODING__ __LINE__ __FILE__ BEGIN END alias and begin break case class def defined do else
  elsif end ensure false for if in module next nil not or redo rescue retry return self super then
  true undef unless until when while yield`)

const PHP_KEYWORDS = words(`
  abstract and array as break callable case catch class clone const continue declare default die
  do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum eval exit
  extends final finally fn for foreach function global goto if implements include include_once
  instanceof insteadof interface isset list match namespace new or print private protected public
  readonly require require_once return static switch throw trait try unset use var while xor yield`)

// Variables PHP fills itself: a parameter may not take their names.
const PHP_SUPERGLOBALS = words(`
  GLOBALS _SERVER _GET _POST _COOKIE _FILES _ENV _REQUEST _SESSION this`)

const RESERVED: Record<CodeLanguage, ReadonlySet<string>> = {
  javascript: JAVASCRIPT,
  typescript: JAVASCRIPT,
  python: PYTHON,
  java: JAVA,
  csharp: CSHARP,
  c: C,
  cpp: CPP,
  go: GO,
  rust: RUST,
  ruby: RUBY,
  php: PHP_KEYWORDS,
}

/**
 * Why `name` cannot be the entry point (`function`) or a parameter (`parameter`) in `language`,
 * or null when it can. PHP's function names are case-insensitive and may not repeat its own
 * functions; its parameters are `$name`s, which no keyword clashes with.
 */
export function reservedNameIn(
  language: CodeLanguage,
  name: string,
  kind: 'function' | 'parameter',
): string | null {
  // The generated drivers' own names (typed-drivers.ts): assess_…, assessIn, assessR_int, ….
  if (/^assess(_|[RW]_|(In|Next|Result|Out|P\d+)$)/.test(name))
    return 'is a name the test driver uses'
  if (language === 'php') {
    if (kind === 'parameter') return PHP_SUPERGLOBALS.has(name) ? 'is reserved in PHP' : null
    const lower = name.toLowerCase()
    if (PHP_KEYWORDS.has(lower)) return 'is a reserved word in PHP'
    if (PHP_INTERNAL_FUNCTIONS.has(lower))
      return 'is one of PHP’s own functions, which PHP does not let a program redeclare'
    return null
  }
  // Ruby reads a capitalised name as a constant and _1…_9 as numbered block parameters.
  if (language === 'ruby' && kind === 'parameter' && /^([A-Z]|_[1-9]$)/.test(name))
    return 'cannot name a parameter in Ruby (a constant or a numbered parameter)'
  return RESERVED[language].has(name)
    ? `is a reserved word in ${CODE_LANGUAGE_LABELS[language]}`
    : null
}
