/**
 * Programs in every language for the sandbox's tests: `sum` reads two integers and prints their
 * sum (correct), `difference` their difference (wrong), `broken` does not compile (or parse),
 * `spin` never ends, `hog` allocates and touches memory until it runs out.
 */
import type { ProgramLanguage } from './languages.ts'

export interface LanguagePrograms {
  sum: string
  difference: string
  broken: string
  spin: string
  hog: string
}

export const PROGRAMS: Record<ProgramLanguage, LanguagePrograms> = {
  javascript: {
    sum: "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt)\nconsole.log(String(a + b))\n",
    difference:
      "const lines = []\nrequire('readline').createInterface({ input: process.stdin }).on('line', (l) => lines.push(l)).on('close', () => {\n  const [a, b] = lines.join(' ').trim().split(/\\s+/).map(BigInt)\n  console.log(String(a - b))\n})\n",
    broken: 'const x = ;\n',
    spin: 'let n = 0\nfor (;;) n++\n',
    hog: 'const all = []\nfor (;;) all.push(new Array(1e6).fill(1))\n',
  },
  typescript: {
    sum: "import { readFileSync } from 'fs'\nconst [a, b]: bigint[] = readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt)\nconsole.log(String(a + b))\n",
    difference:
      "let text: string = ''\nprocess.stdin.on('data', (chunk: Buffer) => { text += chunk })\nprocess.stdin.on('end', () => {\n  const [a, b] = text.trim().split(/\\s+/).map(BigInt)\n  console.log(String(a - b))\n})\n",
    broken: 'const x: number = (;\n',
    spin: 'let n: number = 0\nfor (;;) n++\n',
    hog: 'const all: number[][] = []\nfor (;;) all.push(new Array(1e6).fill(1))\n',
  },
  c: {
    sum: '#include <stdio.h>\nint main(void) { long long a, b; if (scanf("%lld %lld", &a, &b) != 2) return 1; printf("%lld\\n", a + b); return 0; }\n',
    difference:
      '#include <stdio.h>\nint main(void) { long long a, b; scanf("%lld %lld", &a, &b); printf("%lld\\n", a - b); return 0; }\n',
    broken: '#include <stdio.h>\nint main(void) { printf("%d\\n", undeclared); return 0; }\n',
    spin: 'int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n',
    hog: '#include <stdlib.h>\n#include <string.h>\nint main(void) { for (;;) { char *p = malloc(1 << 20); memset(p, 1, 1 << 20); } }\n',
  },
  cpp: {
    sum: '#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a + b << "\\n"; }\n',
    difference:
      '#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a - b << "\\n"; }\n',
    broken: '#include <vector>\nint main() { std::vector<int> v = 3; return v; }\n',
    spin: 'int main() { volatile unsigned long n = 0; for (;;) n++; }\n',
    hog: '#include <vector>\n#include <cstring>\nint main() { std::vector<char*> all; for (;;) { char *p = new char[1 << 20]; std::memset(p, 1, 1 << 20); all.push_back(p); } }\n',
  },
  java: {
    sum: 'import java.util.*;\npublic class Main { public static void main(String[] args) { Scanner in = new Scanner(System.in); long a = in.nextLong(), b = in.nextLong(); System.out.println(a + b); } }\n',
    difference:
      'import java.util.*;\npublic class Main { public static void main(String[] args) { Scanner in = new Scanner(System.in); long a = in.nextLong(), b = in.nextLong(); System.out.println(a - b); } }\n',
    broken: 'public class Main { public static void main(String[] args) { int x = "text"; } }\n',
    spin: 'public class Main { public static void main(String[] args) { long n = 0; while (true) n++; } }\n',
    hog: 'import java.util.*;\npublic class Main { public static void main(String[] args) { List<long[]> all = new ArrayList<>(); while (true) all.add(new long[1 << 17]); } }\n',
  },
  csharp: {
    sum: 'using System;\nclass Program { static void Main() { var p = Console.In.ReadToEnd().Split((char[])null, StringSplitOptions.RemoveEmptyEntries); Console.WriteLine(long.Parse(p[0]) + long.Parse(p[1])); } }\n',
    difference:
      'using System;\nclass Program { static void Main() { var p = Console.In.ReadToEnd().Split((char[])null, StringSplitOptions.RemoveEmptyEntries); Console.WriteLine(long.Parse(p[0]) - long.Parse(p[1])); } }\n',
    broken: 'class Program { static void Main() { int x = "text"; } }\n',
    spin: 'class Program { static void Main() { long n = 0; while (true) n++; } }\n',
    hog: 'using System.Collections.Generic;\nclass Program { static void Main() { var all = new List<long[]>(); while (true) { var a = new long[1 << 17]; for (int i = 0; i < a.Length; i += 512) a[i] = i; all.Add(a); } } }\n',
  },
  go: {
    sum: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n',
    difference:
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a - b)\n}\n',
    broken: 'package main\n\nfunc main() {\n\tvar x int = "text"\n}\n',
    spin: 'package main\n\nfunc main() {\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n',
    hog: 'package main\n\nfunc main() {\n\tvar all [][]byte\n\tfor {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tall = append(all, b)\n\t}\n}\n',
  },
  rust: {
    sum: 'use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap(); let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect(); println!("{}", v[0] + v[1]); }\n',
    difference:
      'use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap(); let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect(); println!("{}", v[0] - v[1]); }\n',
    broken: 'fn main() { let x: i32 = "text"; }\n',
    spin: 'fn main() { let mut n: u64 = 0; loop { n = n.wrapping_add(1); if n == u64::MAX { println!("{}", n); } } }\n',
    hog: 'fn main() { let mut all: Vec<Vec<u8>> = Vec::new(); loop { all.push(vec![1u8; 1 << 20]); } }\n',
  },
  ruby: {
    sum: 'a, b = STDIN.read.split.map(&:to_i)\nputs a + b\n',
    difference: 'a, b = STDIN.read.split.map(&:to_i)\nputs a - b\n',
    broken: 'def main(\n  puts 1\n',
    spin: 'n = 0\nloop { n += 1 }\n',
    hog: 'all = []\nloop { all << ("x" * (1 << 20)) }\n',
  },
  php: {
    sum: '<?php\n[$a, $b] = array_map("intval", preg_split("/\\s+/", trim(stream_get_contents(STDIN))));\necho $a + $b, "\\n";\n',
    difference:
      '<?php\n[$a, $b] = array_map("intval", preg_split("/\\s+/", trim(stream_get_contents(STDIN))));\necho $a - $b, "\\n";\n',
    broken: '<?php\nfunction main( {\n',
    spin: '<?php\n$n = 0;\nwhile (true) { $n++; }\n',
    hog: '<?php\n$all = [];\nwhile (true) { $all[] = str_repeat("x", 1 << 20); }\n',
  },
  python: {
    sum: 'a, b = map(int, open(0).read().split())\nprint(a + b)\n',
    difference: 'a, b = map(int, open(0).read().split())\nprint(a - b)\n',
    broken: 'def main(:\n    pass\n',
    spin: 'n = 0\nwhile True:\n    n += 1\n',
    hog: 'all = []\nwhile True:\n    all.append(bytearray(1 << 20))\n',
  },
}
