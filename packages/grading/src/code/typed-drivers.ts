import { type CodeLanguage, type Signature, typeIn } from '@assess/core'

/**
 * Function-style questions in typed languages: the question's signature turns each test's JSON
 * arguments into whitespace-separated tokens on stdin, a driver generated for the language
 * reads them with the declared types, calls the candidate's function and prints the result the
 * same way after a marker, and the parent turns it back into JSON. Tokens: integers and
 * doubles as written, bools 1/0, strings `s` + UTF-8 hex (`n`: null), arrays their length
 * (-1: null) then their items.
 */

const baseOf = (type: string) => type.replace(/(\[\])+$/, '')
const dimsOf = (type: string) => (type.length - baseOf(type).length) / 2
const elementOf = (type: string) => type.slice(0, -2)
/** A name for the type in generated identifiers: `int[][]` → `int_2`. */
const tag = (type: string) => `${baseOf(type)}_${dimsOf(type)}`

const hexOf = (text: string) => Buffer.from(text, 'utf8').toString('hex')

/** One test's arguments as the driver reads them. */
export function encodeArguments(args: unknown[], signature: Signature): string {
  const out: string[] = []
  const put = (value: unknown, type: string) => {
    if (type.endsWith('[]')) {
      const items = value as unknown[]
      out.push(String(items.length))
      for (const item of items) put(item, elementOf(type))
    } else if (type === 'bool') out.push(value ? '1' : '0')
    else if (type === 'string') out.push(`s${hexOf(value as string)}`)
    else out.push(String(value))
  }
  signature.params.forEach((param, i) => {
    put(args[i], param.type)
  })
  return `${out.join(' ')}\n`
}

/** The driver's printed result as JSON, or why it cannot be read. */
export function decodeResult(
  line: string,
  type: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const tokens = line.trim().split(/\s+/).filter(Boolean)
  let at = 0
  const next = () => {
    const token = tokens[at++]
    if (token === undefined) throw new Error('the result ended early')
    return token
  }
  const read = (t: string): unknown => {
    if (t.endsWith('[]')) {
      const count = Number(next())
      if (!Number.isInteger(count) || count < -1) throw new Error('a malformed array length')
      if (count === -1) return null
      return Array.from({ length: count }, () => read(elementOf(t)))
    }
    const token = next()
    switch (t) {
      case 'bool':
        return token === '1' || token === 'true'
      case 'string':
        if (token === 'n') return null
        if (!/^s([0-9a-f]{2})*$/.test(token)) throw new Error('a malformed string')
        return Buffer.from(token.slice(1), 'hex').toString('utf8')
      case 'double': {
        const special: Record<string, number> = {
          '+Inf': Infinity,
          Inf: Infinity,
          '-Inf': -Infinity,
        }
        return special[token] ?? Number(token)
      }
      default: {
        if (!/^-?\d+$/.test(token)) throw new Error('a malformed integer')
        const value = Number(token)
        // Beyond 2^53 a number would round: no expected value is there (fitsType), so it is wrong.
        if (!Number.isSafeInteger(value) || BigInt(token) !== BigInt(value))
          throw new Error(`the integer ${token.slice(0, 30)} is out of range`)
        return value
      }
    }
  }
  try {
    const value = read(type)
    if (at !== tokens.length) return { ok: false, error: 'the result has extra values' }
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}

/** Every type a signature needs read or written, innermost first (each generated once). */
function typesOf(types: string[]): string[] {
  const all = new Set<string>()
  for (const type of types)
    for (let t = type; ; t = elementOf(t)) {
      all.add(t)
      if (!t.endsWith('[]')) break
    }
  return [...all].sort((a, b) => dimsOf(a) - dimsOf(b))
}

const MARK = '@@assess-result '

function javaDriver(code: string, entryPoint: string, signature: Signature) {
  const types = typesOf([...signature.params.map((p) => p.type), signature.returns])
  const scalarRead: Record<string, string> = {
    int: 'Integer.parseInt(n())',
    long: 'Long.parseLong(n())',
    double: 'Double.parseDouble(n())',
    bool: 'n().equals("1")',
    string: 'str(n())',
  }
  const scalarWrite: Record<string, string> = {
    int: 'o.append(v)',
    long: 'o.append(v)',
    double: 'o.append(Double.toString(v))',
    bool: 'o.append(v ? "1" : "0")',
    string: 'o.append(v == null ? "n" : "s" + hex(v))',
  }
  const functions = types.map((type) => {
    const java = typeIn('java', type)
    if (!type.endsWith('[]'))
      return `  static ${java} r_${tag(type)}() { return ${scalarRead[type]}; }
  static void w_${tag(type)}(StringBuilder o, ${java} v) { ${scalarWrite[type]}; o.append(' '); }`
    const element = elementOf(type)
    // new int[c][] for an array of arrays: the element type's brackets go after the count.
    const alloc = `new ${typeIn('java', baseOf(type))}[c]${'[]'.repeat(dimsOf(type) - 1)}`
    return `  static ${java} r_${tag(type)}() {
    int c = Integer.parseInt(n());
    if (c < 0) return null;
    ${java} a = ${alloc};
    for (int i = 0; i < c; i++) a[i] = r_${tag(element)}();
    return a;
  }
  static void w_${tag(type)}(StringBuilder o, ${java} v) {
    if (v == null) { o.append("-1 "); return; }
    o.append(v.length).append(' ');
    for (${typeIn('java', element)} x : v) w_${tag(element)}(o, x);
  }`
  })
  const params = signature.params.map(
    (p, i) => `    ${typeIn('java', p.type)} assess_p${i} = r_${tag(p.type)}();`,
  )
  // The candidate's `public class Solution` would have to live in Solution.java: here it shares
  // Main.java with the driver, so it is package-private.
  const solution = code.replace(/\bpublic\s+((?:final\s+)?class\s+Solution\b)/, '$1')
  return {
    source: `${solution}

public class Main {
  static String[] T;
  static int K = 0;
  static String n() { return T[K++]; }
  static String str(String t) {
    if (t.equals("n")) return null;
    byte[] b = new byte[(t.length() - 1) / 2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(t.substring(1 + 2 * i, 3 + 2 * i), 16);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
  static String hex(String s) {
    StringBuilder h = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) h.append(String.format("%02x", b));
    return h.toString();
  }
${functions.join('\n')}
  public static void main(String[] args) throws Exception {
    String in = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    T = in.isEmpty() ? new String[0] : in.split("\\\\s+");
${params.join('\n')}
    ${typeIn('java', signature.returns)} assess_r = Solution.${entryPoint}(${signature.params.map((_, i) => `assess_p${i}`).join(', ')});
    StringBuilder assess_o = new StringBuilder();
    w_${tag(signature.returns)}(assess_o, assess_r);
    System.out.flush();
    System.out.print("\\n${MARK}" + assess_o.toString().trim() + "\\n");
    System.out.flush();
  }
}
`,
  }
}

function goDriver(code: string, entryPoint: string, signature: Signature) {
  const types = typesOf([...signature.params.map((p) => p.type), signature.returns])
  const usesStrings = types.some((t) => baseOf(t) === 'string')
  // Go refuses an unused import: strconv reads and writes numbers and array lengths only.
  const usesNumbers = types.some(
    (t) => t.endsWith('[]') || (baseOf(t) !== 'bool' && baseOf(t) !== 'string'),
  )
  const scalarRead: Record<string, string> = {
    int: 'v, _ := strconv.Atoi(assessNext())\n\treturn v',
    long: 'v, _ := strconv.ParseInt(assessNext(), 10, 64)\n\treturn v',
    double: 'v, _ := strconv.ParseFloat(assessNext(), 64)\n\treturn v',
    bool: 'return assessNext() == "1"',
    string: 'b, _ := hex.DecodeString(strings.TrimPrefix(assessNext(), "s"))\n\treturn string(b)',
  }
  const scalarWrite: Record<string, string> = {
    int: '*o = strconv.AppendInt(*o, int64(v), 10)',
    long: '*o = strconv.AppendInt(*o, v, 10)',
    double: "*o = strconv.AppendFloat(*o, v, 'g', -1, 64)",
    bool: "if v {\n\t\t*o = append(*o, '1')\n\t} else {\n\t\t*o = append(*o, '0')\n\t}",
    string: "*o = append(*o, 's')\n\t*o = append(*o, hex.EncodeToString([]byte(v))...)",
  }
  const functions = types.map((type) => {
    const go = typeIn('go', type)
    if (!type.endsWith('[]'))
      return `func assessR_${tag(type)}() ${go} {
\t${scalarRead[type]}
}

func assessW_${tag(type)}(o *[]byte, v ${go}) {
\t${scalarWrite[type]}
\t*o = append(*o, ' ')
}`
    const element = elementOf(type)
    // A nil slice is Go's empty slice: written as empty, as Go developers expect.
    return `func assessR_${tag(type)}() ${go} {
\tc, _ := strconv.Atoi(assessNext())
\tif c < 0 {
\t\treturn nil
\t}
\ta := make(${go}, c)
\tfor i := range a {
\t\ta[i] = assessR_${tag(element)}()
\t}
\treturn a
}

func assessW_${tag(type)}(o *[]byte, v ${go}) {
\t*o = strconv.AppendInt(*o, int64(len(v)), 10)
\t*o = append(*o, ' ')
\tfor _, x := range v {
\t\tassessW_${tag(element)}(o, x)
\t}
}`
  })
  const imports = [
    '"bufio"',
    ...(usesStrings ? ['"encoding/hex"'] : []),
    '"fmt"',
    '"os"',
    ...(usesNumbers ? ['"strconv"'] : []),
    '"strings"',
  ]
  return {
    source: code,
    extraFiles: {
      'assess_driver.go': `package main

import (
${imports.map((i) => `\t${i}`).join('\n')}
)

var assessIn = func() *bufio.Scanner {
\ts := bufio.NewScanner(os.Stdin)
\ts.Buffer(make([]byte, 1<<20), 1<<26)
\ts.Split(bufio.ScanWords)
\treturn s
}()

func assessNext() string {
\tassessIn.Scan()
\treturn assessIn.Text()
}

${functions.join('\n\n')}

func main() {
${signature.params.map((p, i) => `\tassessP${i} := assessR_${tag(p.type)}()`).join('\n')}
\tassessResult := ${entryPoint}(${signature.params.map((_, i) => `assessP${i}`).join(', ')})
\tassessOut := []byte{}
\tassessW_${tag(signature.returns)}(&assessOut, assessResult)
\tos.Stdout.Sync()
\tfmt.Print("\\n${MARK}" + strings.TrimSpace(string(assessOut)) + "\\n")
}
`,
    },
  }
}

function csharpDriver(code: string, entryPoint: string, signature: Signature) {
  const types = typesOf([...signature.params.map((p) => p.type), signature.returns])
  const inv = 'System.Globalization.CultureInfo.InvariantCulture'
  const scalarRead: Record<string, string> = {
    int: `int.Parse(N(), ${inv})`,
    long: `long.Parse(N(), ${inv})`,
    double: `double.Parse(N(), System.Globalization.NumberStyles.Float, ${inv})`,
    bool: 'N() == "1"',
    string: 'Str(N())',
  }
  const scalarWrite: Record<string, string> = {
    int: `o.Append(v.ToString(${inv}))`,
    long: `o.Append(v.ToString(${inv}))`,
    double: `o.Append(v.ToString("R", ${inv}))`,
    bool: 'o.Append(v ? "1" : "0")',
    string: 'o.Append(v == null ? "n" : "s" + Hex(v))',
  }
  const functions = types.map((type) => {
    const cs = typeIn('csharp', type)
    if (!type.endsWith('[]'))
      return `  static ${cs} R_${tag(type)}() { return ${scalarRead[type]}; }
  static void W_${tag(type)}(System.Text.StringBuilder o, ${cs} v) { ${scalarWrite[type]}; o.Append(' '); }`
    const element = elementOf(type)
    const alloc = `new ${typeIn('csharp', baseOf(type))}[c]${'[]'.repeat(dimsOf(type) - 1)}`
    return `  static ${cs} R_${tag(type)}() {
    int c = int.Parse(N(), ${inv});
    if (c < 0) return null;
    var a = ${alloc};
    for (int i = 0; i < c; i++) a[i] = R_${tag(element)}();
    return a;
  }
  static void W_${tag(type)}(System.Text.StringBuilder o, ${cs} v) {
    if (v == null) { o.Append("-1 "); return; }
    o.Append(v.Length.ToString(${inv})).Append(' ');
    foreach (var x in v) W_${tag(element)}(o, x);
  }`
  })
  return {
    source: `${code}

static class AssessMain {
  static string[] T;
  static int K = 0;
  static string N() { return T[K++]; }
  static string Str(string t) {
    if (t == "n") return null;
    var b = new byte[(t.Length - 1) / 2];
    for (int i = 0; i < b.Length; i++) b[i] = System.Convert.ToByte(t.Substring(1 + 2 * i, 2), 16);
    return System.Text.Encoding.UTF8.GetString(b);
  }
  static string Hex(string s) {
    var h = new System.Text.StringBuilder();
    foreach (var b in System.Text.Encoding.UTF8.GetBytes(s)) h.Append(b.ToString("x2"));
    return h.ToString();
  }
${functions.join('\n')}
  static void Main() {
    T = System.Console.In.ReadToEnd().Split((char[])null, System.StringSplitOptions.RemoveEmptyEntries);
${signature.params.map((p, i) => `    var assess_p${i} = R_${tag(p.type)}();`).join('\n')}
    ${typeIn('csharp', signature.returns)} assess_r = Solution.${entryPoint}(${signature.params.map((_, i) => `assess_p${i}`).join(', ')});
    var assess_o = new System.Text.StringBuilder();
    W_${tag(signature.returns)}(assess_o, assess_r);
    System.Console.Out.Flush();
    System.Console.Write("\\n${MARK}" + assess_o.ToString().Trim() + "\\n");
    System.Console.Out.Flush();
  }
}
`,
  }
}

function cppDriver(code: string, entryPoint: string, signature: Signature) {
  const types = typesOf([...signature.params.map((p) => p.type), signature.returns])
  const scalarRead: Record<string, string> = {
    int: 'std::stoi(assess_n())',
    long: 'std::stoll(assess_n())',
    double: 'std::strtod(assess_n().c_str(), nullptr)',
    bool: 'assess_n() == "1"',
    string: 'assess_str(assess_n())',
  }
  const scalarWrite: Record<string, string> = {
    int: 'o += std::to_string(v)',
    long: 'o += std::to_string(v)',
    double: 'char b[64];\n  std::snprintf(b, sizeof b, "%.17g", v);\n  o += b',
    bool: 'o += v ? "1" : "0"',
    string: 'o += "s" + assess_hex(v)',
  }
  const functions = types.map((type) => {
    const cpp = typeIn('cpp', type)
    if (!type.endsWith('[]'))
      return `static ${cpp} assess_r_${tag(type)}() { return ${scalarRead[type]}; }
static void assess_w_${tag(type)}(std::string& o, const ${cpp}& v) {
  ${scalarWrite[type]};
  o += ' ';
}`
    const element = elementOf(type)
    return `static ${cpp} assess_r_${tag(type)}() {
  long long c = std::stoll(assess_n());
  ${cpp} a;
  for (long long i = 0; i < c; i++) a.push_back(assess_r_${tag(element)}());
  return a;
}
static void assess_w_${tag(type)}(std::string& o, const ${cpp}& v) {
  o += std::to_string(v.size());
  o += ' ';
  for (const auto& x : v) assess_w_${tag(element)}(o, x);
}`
  })
  return {
    // The usual headers and names first: the candidate's code may rely on them, as on every peer.
    source: `#include <bits/stdc++.h>
using namespace std;

${code}

static std::vector<std::string> assess_T;
static std::size_t assess_K = 0;
static std::string assess_n() { return assess_K < assess_T.size() ? assess_T[assess_K++] : std::string(); }
static std::string assess_str(const std::string& t) {
  std::string s;
  for (std::size_t i = 1; i + 1 < t.size(); i += 2) s += static_cast<char>(std::stoi(t.substr(i, 2), nullptr, 16));
  return s;
}
static std::string assess_hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string h;
  for (unsigned char c : s) { h += digits[c >> 4]; h += digits[c & 15]; }
  return h;
}
${functions.join('\n')}

int main() {
  std::string assess_token;
  while (std::cin >> assess_token) assess_T.push_back(assess_token);
${signature.params.map((p, i) => `  auto assess_p${i} = assess_r_${tag(p.type)}();`).join('\n')}
  // Qualified: std's own max, count or sort (argument-dependent lookup) never shadow it.
  ${typeIn('cpp', signature.returns)} assess_result = ::${entryPoint}(${signature.params.map((_, i) => `assess_p${i}`).join(', ')});
  std::string assess_out;
  assess_w_${tag(signature.returns)}(assess_out, assess_result);
  std::cout.flush();
  std::fflush(stdout);
  std::cout << "\\n${MARK}" << assess_out << "\\n";
  std::cout.flush();
  return 0;
}
`,
  }
}

function rustDriver(code: string, entryPoint: string, signature: Signature) {
  const types = typesOf([...signature.params.map((p) => p.type), signature.returns])
  const scalarRead: Record<string, string> = {
    int: 'assess_next(it).parse().unwrap()',
    long: 'assess_next(it).parse().unwrap()',
    double: 'assess_next(it).parse().unwrap()',
    bool: 'assess_next(it) == "1"',
    string: 'assess_str(&assess_next(it))',
  }
  const scalarWrite: Record<string, string> = {
    int: 'o.push_str(&v.to_string())',
    long: 'o.push_str(&v.to_string())',
    double: 'o.push_str(&format!("{:?}", v))',
    bool: 'o.push_str(if *v { "1" } else { "0" })',
    string: "o.push('s');\n    o.push_str(&assess_hex(v))",
  }
  const functions = types.map((type) => {
    const rust = typeIn('rust', type)
    if (!type.endsWith('[]'))
      return `fn assess_r_${tag(type)}(it: &mut std::vec::IntoIter<String>) -> ${rust} {
    ${scalarRead[type]}
}
fn assess_w_${tag(type)}(o: &mut String, v: &${rust}) {
    ${scalarWrite[type]};
    o.push(' ');
}`
    const element = elementOf(type)
    return `fn assess_r_${tag(type)}(it: &mut std::vec::IntoIter<String>) -> ${rust} {
    let c: i64 = assess_next(it).parse().unwrap();
    let mut a = Vec::new();
    for _ in 0..c.max(0) {
        a.push(assess_r_${tag(element)}(it));
    }
    a
}
fn assess_w_${tag(type)}(o: &mut String, v: &${rust}) {
    o.push_str(&v.len().to_string());
    o.push(' ');
    for x in v.iter() {
        assess_w_${tag(element)}(o, x);
    }
}`
  })
  return {
    source: `${code}

fn assess_next(it: &mut std::vec::IntoIter<String>) -> String {
    it.next().unwrap_or_default()
}
#[allow(dead_code)]
fn assess_str(t: &str) -> String {
    let bytes: Vec<u8> = (1..t.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&t[i..i + 2], 16).unwrap())
        .collect();
    String::from_utf8(bytes).unwrap()
}
#[allow(dead_code)]
fn assess_hex(s: &str) -> String {
    s.bytes().map(|b| format!("{:02x}", b)).collect()
}
${functions.map((f) => `#[allow(dead_code)]\n${f}`).join('\n')}

fn main() {
    use std::io::{Read, Write};
    let mut assess_input = String::new();
    std::io::stdin().read_to_string(&mut assess_input).unwrap();
    #[allow(unused_variables, unused_mut)]
    let mut assess_it = assess_input.split_whitespace().map(|s| s.to_string()).collect::<Vec<_>>().into_iter();
${signature.params.map((p, i) => `    let assess_p${i} = assess_r_${tag(p.type)}(&mut assess_it);`).join('\n')}
    let assess_result: ${typeIn('rust', signature.returns)} = ${entryPoint}(${signature.params.map((_, i) => `assess_p${i}`).join(', ')});
    let mut assess_out = String::new();
    assess_w_${tag(signature.returns)}(&mut assess_out, &assess_result);
    std::io::stdout().flush().unwrap();
    print!("\\n${MARK}{}\\n", assess_out.trim());
    std::io::stdout().flush().unwrap();
}
`,
  }
}

/** The program that runs a typed function-style answer: its source and any files beside it. */
export function typedFunctionProgram(
  language: CodeLanguage,
  code: string,
  entryPoint: string,
  signature: Signature,
): { source: string; extraFiles?: Record<string, string> } {
  if (language === 'java') return javaDriver(code, entryPoint, signature)
  if (language === 'go') return goDriver(code, entryPoint, signature)
  if (language === 'csharp') return csharpDriver(code, entryPoint, signature)
  if (language === 'cpp') return cppDriver(code, entryPoint, signature)
  if (language === 'rust') return rustDriver(code, entryPoint, signature)
  throw new Error(`no typed driver for ${language}`)
}
