/**
 * The languages whose programs run as processes of their own (compiled once per answer, then
 * once per test with the test's stdin), each from Debian's packages, and their limits: the one
 * table of them (the README's copy is generated from nowhere else). Paths are absolute: nothing
 * is looked up on the worker's PATH.
 */

export const PROGRAM_LANGUAGES = [
  'javascript',
  'typescript',
  'c',
  'cpp',
  'java',
  'csharp',
  'go',
  'rust',
  'ruby',
  'php',
  'python',
] as const
export type ProgramLanguage = (typeof PROGRAM_LANGUAGES)[number]

export interface ProgramLanguageSpec {
  label: string
  /** Debian packages that provide it (the worker image and .ci/run install these). */
  debianPackages: string[]
  /** The candidate's code is written here, inside the run's box (/box). */
  sourceFile: string
  /**
   * Run once per answer in the writable box: a compiler, or an interpreter's syntax check (so a
   * syntax error is a compile_error in every language). Absent: nothing to check first.
   */
  compile?: string[]
  run: string[]
  /**
   * Compile-time address space, when the compiler needs more than COMPILE_LIMITS gives (Bun,
   * which strips TypeScript's types, reserves ~10 GB it never uses).
   */
  compileAddressSpaceMb?: number
  /** Prints the version; its first line, trimmed, is what GET /api/languages shows. */
  version: string[]
  /** Host paths (outside /usr) the toolchain reads: bound read-only into the sandbox. */
  readOnly?: string[]
  /** Extra environment inside the sandbox (PATH and HOME are always set). */
  env?: Record<string, string>
  /**
   * Address space beyond the memory limit: what the runtime reserves without using it (the
   * JVM's code cache and class space, Go's page summaries). Measured under bubblewrap.
   */
  runtimeReserveMb: number
  /** The test's time limit times this: interpreters and JIT warm-up need longer than C. */
  timeFactor: number
  /** Processes and threads (RLIMIT_NPROC, per run uid): a JVM runs ~20 threads by itself. */
  processes: number
  /** Runtime flags that take the memory limit (a JVM heap cap, PHP's memory_limit). */
  memoryFlags?: (memoryMb: number) => string[]
  /** Environment that takes the memory limit (Mono's heap cap, Go's soft limit). */
  memoryEnv?: (memoryMb: number) => Record<string, string>
  /**
   * Resident memory of the runtime itself (a hello world, measured): a run whose peak is over
   * the memory limit plus this used more than it may, even when it ended well.
   */
  residentBaselineMb: number
  /** stderr of a run that ran out of memory, in this language's own words. */
  outOfMemory: RegExp
  /** Prints 42: the worker's start-up probe compiles and runs it through the real sandbox. */
  probe: string
}

const JVM_FLAGS = [
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:ReservedCodeCacheSize=32m',
  '-XX:CompressedClassSpaceSize=32m',
  '-XX:MaxMetaspaceSize=64m',
  '-Xss8m',
  '-Xshare:auto',
]

/** Stands for the sandbox runtime's Bun binary in a command (see runtime-dir.ts). */
export const BUN_EXECUTABLE = '$BUN'

const NODE = {
  debianPackages: ['nodejs'],
  version: ['/usr/bin/node', '--version'],
  // V8 reserves its heap cage up front: ~900 MB measured below which it cannot start.
  runtimeReserveMb: 1024,
  timeFactor: 2,
  processes: 32,
  memoryFlags: (mb: number) => [`--max-old-space-size=${mb}`],
  outOfMemory: /JavaScript heap out of memory|Allocation failed/,
}

export const LANGUAGE_SPECS: Record<ProgramLanguage, ProgramLanguageSpec> = {
  // stdin/stdout programs on Node.js, the way its developers read input (process.stdin,
  // fs.readFileSync(0), readline). Function-style JavaScript runs in QuickJS instead.
  javascript: {
    ...NODE,
    label: 'JavaScript (Node.js)',
    residentBaselineMb: 64,
    probe: 'console.log(6 * 7)\n',
    sourceFile: 'main.js',
    compile: ['/usr/bin/node', '--check', 'main.js'],
    run: ['/usr/bin/node', '/box/main.js'],
  },
  typescript: {
    ...NODE,
    label: 'TypeScript (Node.js)',
    residentBaselineMb: 64,
    probe: 'const answer: number = 6 * 7\nconsole.log(answer)\n',
    sourceFile: 'main.ts',
    // Types stripped inside the sandbox (parsing untrusted source is attack surface too).
    // --no-macros: a Bun macro would run the candidate's code at build time.
    compile: [
      BUN_EXECUTABLE,
      'build',
      '--no-bundle',
      '--no-macros',
      'main.ts',
      '--outfile',
      'main.js',
    ],
    compileAddressSpaceMb: 16 * 1024,
    run: ['/usr/bin/node', '/box/main.js'],
  },
  c: {
    label: 'C11 (gcc)',
    residentBaselineMb: 8,
    probe: '#include <stdio.h>\nint main(void) { printf("%d\\n", 6 * 7); return 0; }\n',
    debianPackages: ['gcc', 'libc6-dev'],
    sourceFile: 'main.c',
    compile: ['/usr/bin/gcc', '-std=c11', '-O2', '-pipe', '-o', 'main', 'main.c', '-lm'],
    run: ['/box/main'],
    version: ['/usr/bin/gcc', '--version'],
    runtimeReserveMb: 16,
    timeFactor: 1,
    processes: 16,
    outOfMemory: /\b(out of memory|cannot allocate memory)\b/i,
  },
  cpp: {
    label: 'C++17 (g++)',
    residentBaselineMb: 8,
    probe: '#include <iostream>\nint main() { std::cout << 6 * 7 << std::endl; }\n',
    debianPackages: ['g++'],
    sourceFile: 'main.cpp',
    compile: ['/usr/bin/g++', '-std=c++17', '-O2', '-pipe', '-o', 'main', 'main.cpp'],
    run: ['/box/main'],
    version: ['/usr/bin/g++', '--version'],
    runtimeReserveMb: 16,
    timeFactor: 1,
    processes: 16,
    outOfMemory: /std::bad_alloc|out of memory/i,
  },
  java: {
    label: 'Java 17 (OpenJDK)',
    residentBaselineMb: 64,
    probe:
      'public class Main { public static void main(String[] a) { System.out.println(6 * 7); } }\n',
    debianPackages: ['openjdk-17-jdk-headless'],
    sourceFile: 'Main.java',
    compile: [
      '/usr/bin/javac',
      '-J-XX:+UseSerialGC',
      '-J-XX:TieredStopAtLevel=1',
      '-J-Xshare:auto',
      '-encoding',
      'UTF-8',
      '-d',
      '.',
      'Main.java',
    ],
    run: ['/usr/bin/java', ...JVM_FLAGS, '-cp', '/box', 'Main'],
    version: ['/usr/bin/javac', '-version'],
    readOnly: ['/etc/java-17-openjdk', '/etc/alternatives'],
    runtimeReserveMb: 768,
    timeFactor: 2,
    processes: 64,
    memoryFlags: (mb) => [`-Xmx${mb}m`],
    outOfMemory: /java\.lang\.OutOfMemoryError/,
  },
  csharp: {
    label: 'C# (Mono)',
    residentBaselineMb: 48,
    probe: 'class Program { static void Main() { System.Console.WriteLine(6 * 7); } }\n',
    debianPackages: ['mono-mcs', 'mono-runtime'],
    sourceFile: 'main.cs',
    compile: [
      '/usr/bin/mono',
      '/usr/lib/mono/4.5/mcs.exe',
      '-optimize+',
      '-out:main.exe',
      'main.cs',
    ],
    run: ['/usr/bin/mono', '/box/main.exe'],
    version: ['/usr/bin/mono', '--version'],
    readOnly: ['/etc/mono'],
    memoryEnv: (mb) => ({ MONO_GC_PARAMS: `max-heap-size=${mb}m` }),
    runtimeReserveMb: 384,
    timeFactor: 2,
    processes: 64,
    outOfMemory: /OutOfMemoryException|Out of memory/,
  },
  go: {
    label: 'Go',
    residentBaselineMb: 8,
    probe: 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(6 * 7) }\n',
    debianPackages: ['golang-go'],
    sourceFile: 'main.go',
    // The package in the box: main.go and, for a function-style question, the driver beside it.
    compile: ['/usr/bin/go', 'build', '-o', 'main', '.'],
    run: ['/box/main'],
    version: ['/usr/bin/go', 'version'],
    // Soft: the collector works harder near it; the peak memory check decides.
    memoryEnv: (mb) => ({ GOMEMLIMIT: `${mb}MiB` }),
    // The build cache is part of the box: a compile starts from the packages Debian ships.
    env: {
      GOCACHE: '/box/.cache',
      GOTMPDIR: '/box',
      GOPATH: '/tmp/go',
      GO111MODULE: 'off',
      GOMAXPROCS: '2',
    },
    runtimeReserveMb: 768,
    timeFactor: 1,
    processes: 64,
    outOfMemory: /out of memory|cannot allocate memory/i,
  },
  rust: {
    label: 'Rust (rustc)',
    residentBaselineMb: 8,
    probe: 'fn main() { println!("{}", 6 * 7); }\n',
    debianPackages: ['rustc'],
    sourceFile: 'main.rs',
    compile: ['/usr/bin/rustc', '--edition', '2021', '-O', '-o', 'main', 'main.rs'],
    run: ['/box/main'],
    version: ['/usr/bin/rustc', '--version'],
    runtimeReserveMb: 32,
    timeFactor: 1,
    processes: 16,
    outOfMemory: /memory allocation of \d+ bytes failed|out of memory/i,
  },
  ruby: {
    label: 'Ruby',
    residentBaselineMb: 24,
    probe: 'puts 6 * 7\n',
    debianPackages: ['ruby'],
    sourceFile: 'main.rb',
    compile: ['/usr/bin/ruby', '-c', 'main.rb'],
    run: ['/usr/bin/ruby', '--disable-gems', '/box/main.rb'],
    version: ['/usr/bin/ruby', '--version'],
    runtimeReserveMb: 96,
    timeFactor: 3,
    processes: 16,
    outOfMemory: /NoMemoryError|failed to allocate memory/,
  },
  php: {
    label: 'PHP (cli)',
    residentBaselineMb: 24,
    probe: '<?php echo 6 * 7, "\\n";\n',
    debianPackages: ['php-cli'],
    sourceFile: 'main.php',
    compile: ['/usr/bin/php', '-n', '-l', 'main.php'],
    run: ['/usr/bin/php', '-n', '-d', 'display_errors=stderr', '/box/main.php'],
    version: ['/usr/bin/php', '--version'],
    runtimeReserveMb: 96,
    timeFactor: 3,
    processes: 16,
    memoryFlags: (mb) => ['-d', `memory_limit=${mb}M`],
    outOfMemory: /Allowed memory size of \d+ bytes exhausted|Out of memory/,
  },
  python: {
    label: 'Python 3',
    residentBaselineMb: 24,
    probe: 'print(6 * 7)\n',
    debianPackages: ['python3'],
    sourceFile: 'main.py',
    compile: ['/usr/bin/python3', '-I', '-S', '-m', 'py_compile', 'main.py'],
    run: ['/usr/bin/python3', '-I', '-S', '-B', '/box/main.py'],
    version: ['/usr/bin/python3', '--version'],
    runtimeReserveMb: 64,
    timeFactor: 3,
    processes: 16,
    outOfMemory: /MemoryError/,
  },
}

/** Compiling has limits of its own: a template or macro bomb is a compile_error, never a stuck worker. */
export const COMPILE_LIMITS = {
  wallMs: 30_000,
  cpuSeconds: 30,
  addressSpaceMb: 3072,
  /** Object files and the binary, each. */
  fileSizeMb: 64,
  /** Everything the compile leaves in the box together (more is a compile_error). */
  boxMb: 256,
  processes: 64,
  /** Compiler output kept (the rest is cut). */
  outputBytes: 64 * 1024,
}

/** Where memory flags go: right after the runtime's own executable. */
export function runCommand(spec: ProgramLanguageSpec, memoryMb: number): string[] {
  const [executable = '', ...rest] = spec.run
  return [executable, ...(spec.memoryFlags?.(memoryMb) ?? []), ...rest]
}
