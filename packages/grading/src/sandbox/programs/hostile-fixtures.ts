/**
 * Hostile programs in every language, written with each language's own APIs, for the sandbox's
 * containment tests:
 * - `snoop` reads a TCP port from stdin, then prints `passwd visible|absent` (the host's
 *   /etc/passwd), one `env NAME=VALUE` line per variable it can see, `connect ok|refused` (the
 *   port on the host's loopback) and what `/bin/sh -c 'id -u; ls /'` printed when it spawned it;
 * - `flood` prints forever;
 * - `spawner` starts processes forever without waiting for them (a fork bomb).
 */
import type { ProgramLanguage } from './languages.ts'

export interface HostilePrograms {
  snoop: string
  flood: string
  spawner: string
}

const SHELL = 'id -u; ls /'

const nodeSnoop = (imports: string) => `${imports}
const port = Number(readFileSync(0, 'utf8'))
console.log('passwd', existsSync('/etc/passwd') ? 'visible' : 'absent')
for (const [k, v] of Object.entries(process.env)) console.log(\`env \${k}=\${v}\`)
const shell = () => process.stdout.write(execSync("/bin/sh -c '${SHELL}'").toString())
const socket = connect(port, '127.0.0.1')
socket.on('connect', () => { console.log('connect ok'); socket.destroy(); shell() })
socket.on('error', () => { console.log('connect refused'); shell() })
`

const nodeSpawner = (imports: string) => `${imports}
for (;;) {
  try {
    spawn('/bin/sleep', ['100']).on('error', () => {})
  } catch {}
}
`

export const HOSTILE: Record<ProgramLanguage, HostilePrograms> = {
  javascript: {
    snoop: nodeSnoop(
      "const { readFileSync, existsSync } = require('fs')\nconst { connect } = require('net')\nconst { execSync } = require('child_process')",
    ),
    flood: "for (;;) process.stdout.write('spam spam spam\\n')\n",
    spawner: nodeSpawner("const { spawn } = require('child_process')"),
  },
  typescript: {
    snoop: nodeSnoop(
      "import { readFileSync, existsSync } from 'node:fs'\nimport { connect } from 'node:net'\nimport { execSync } from 'node:child_process'",
    ),
    flood: "const line: string = 'spam spam spam\\n'\nfor (;;) process.stdout.write(line)\n",
    spawner: nodeSpawner("import { spawn } from 'node:child_process'"),
  },
  c: {
    // popen is POSIX, not C11: without this its implicit declaration truncates the pointer.
    snoop: `#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
extern char **environ;
int main(void) {
  int port = 0;
  if (scanf("%d", &port) != 1) return 1;
  printf("passwd %s\\n", access("/etc/passwd", F_OK) == 0 ? "visible" : "absent");
  for (char **e = environ; *e; e++) printf("env %s\\n", *e);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  printf("connect %s\\n", connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "ok" : "refused");
  fflush(stdout);
  FILE *p = popen("/bin/sh -c '${SHELL}'", "r");
  char line[256];
  while (p && fgets(line, sizeof line, p)) fputs(line, stdout);
  return 0;
}
`,
    flood: '#include <stdio.h>\nint main(void) { for (;;) fputs("spam spam spam\\n", stdout); }\n',
    spawner: '#include <unistd.h>\nint main(void) { for (;;) fork(); }\n',
  },
  cpp: {
    snoop: `#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
extern char **environ;
int main() {
  int port = 0;
  std::cin >> port;
  std::cout << "passwd " << (std::ifstream("/etc/passwd") ? "visible" : "absent") << "\\n";
  for (char **e = environ; *e; e++) std::cout << "env " << *e << "\\n";
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  std::cout << "connect " << (connect(s, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 ? "ok" : "refused") << std::endl;
  FILE *p = popen("/bin/sh -c '${SHELL}'", "r");
  char line[256];
  while (p && fgets(line, sizeof line, p)) std::cout << line;
}
`,
    flood: '#include <iostream>\nint main() { for (;;) std::cout << "spam spam spam\\n"; }\n',
    spawner: '#include <unistd.h>\nint main() { for (;;) fork(); }\n',
  },
  java: {
    snoop: `import java.net.*;
import java.nio.file.*;
import java.util.*;
public class Main {
  public static void main(String[] args) throws Exception {
    int port = new Scanner(System.in).nextInt();
    System.out.println("passwd " + (Files.exists(Paths.get("/etc/passwd")) ? "visible" : "absent"));
    for (Map.Entry<String, String> e : System.getenv().entrySet()) System.out.println("env " + e.getKey() + "=" + e.getValue());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      System.out.println("connect ok");
    } catch (Exception e) {
      System.out.println("connect refused");
    }
    Process p = new ProcessBuilder("/bin/sh", "-c", "${SHELL}").redirectErrorStream(true).start();
    System.out.print(new String(p.getInputStream().readAllBytes()));
    p.waitFor();
  }
}
`,
    flood:
      'public class Main { public static void main(String[] a) { while (true) System.out.println("spam spam spam"); } }\n',
    spawner:
      'public class Main { public static void main(String[] a) { while (true) { try { new ProcessBuilder("/bin/sleep", "100").start(); } catch (Exception e) {} } } }\n',
  },
  csharp: {
    snoop: `using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
class Program {
  static void Main() {
    int port = int.Parse(Console.In.ReadToEnd().Trim());
    Console.WriteLine("passwd " + (File.Exists("/etc/passwd") ? "visible" : "absent"));
    foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) Console.WriteLine("env " + e.Key + "=" + e.Value);
    try { using (var c = new TcpClient()) { c.Connect("127.0.0.1", port); Console.WriteLine("connect ok"); } }
    catch (Exception) { Console.WriteLine("connect refused"); }
    var start = new ProcessStartInfo("/bin/sh", "-c \\"${SHELL}\\"") { UseShellExecute = false, RedirectStandardOutput = true };
    using (var p = Process.Start(start)) { Console.Write(p.StandardOutput.ReadToEnd()); p.WaitForExit(); }
  }
}
`,
    flood:
      'class Program { static void Main() { while (true) System.Console.WriteLine("spam spam spam"); } }\n',
    spawner:
      'class Program { static void Main() { while (true) { try { System.Diagnostics.Process.Start("/bin/sleep", "100"); } catch (System.Exception) {} } } }\n',
  },
  go: {
    snoop: `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	var port int
	fmt.Scan(&port)
	if _, err := os.Stat("/etc/passwd"); err == nil {
		fmt.Println("passwd visible")
	} else {
		fmt.Println("passwd absent")
	}
	for _, e := range os.Environ() {
		fmt.Println("env " + e)
	}
	s, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if syscall.Connect(s, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}) == nil {
		fmt.Println("connect ok")
	} else {
		fmt.Println("connect refused")
	}
	out, _ := exec.Command("/bin/sh", "-c", "${SHELL}").Output()
	fmt.Print(string(out))
}
`,
    flood:
      'package main\n\nimport "os"\n\nfunc main() {\n\tline := []byte("spam spam spam\\n")\n\tfor {\n\t\tos.Stdout.Write(line)\n\t}\n}\n',
    spawner:
      'package main\n\nimport "os/exec"\n\nfunc main() {\n\tfor {\n\t\texec.Command("/bin/sleep", "100").Start()\n\t}\n}\n',
  },
  rust: {
    snoop: `use std::io::Read;
use std::net::TcpStream;
use std::process::Command;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let port: u16 = s.trim().parse().unwrap();
    println!("passwd {}", if std::path::Path::new("/etc/passwd").exists() { "visible" } else { "absent" });
    for (k, v) in std::env::vars() { println!("env {}={}", k, v); }
    println!("connect {}", if TcpStream::connect(("127.0.0.1", port)).is_ok() { "ok" } else { "refused" });
    if let Ok(o) = Command::new("/bin/sh").args(["-c", "${SHELL}"]).output() {
        print!("{}", String::from_utf8_lossy(&o.stdout));
    }
}
`,
    flood:
      'use std::io::Write;\nfn main() { let mut out = std::io::stdout(); loop { if out.write_all(b"spam spam spam\\n").is_err() { return; } } }\n',
    spawner:
      'fn main() { loop { let _ = std::process::Command::new("/bin/sleep").arg("100").spawn(); } }\n',
  },
  ruby: {
    snoop: `require 'socket'
port = STDIN.read.to_i
puts "passwd #{File.exist?('/etc/passwd') ? 'visible' : 'absent'}"
ENV.each { |k, v| puts "env #{k}=#{v}" }
begin
  TCPSocket.new('127.0.0.1', port).close
  puts 'connect ok'
rescue StandardError
  puts 'connect refused'
end
print \`/bin/sh -c '${SHELL}'\`
`,
    flood: 'loop { puts "spam spam spam" }\n',
    spawner: 'loop do\n  begin\n    fork { sleep 100 }\n  rescue StandardError\n  end\nend\n',
  },
  php: {
    snoop: `<?php
$port = (int) trim(stream_get_contents(STDIN));
echo "passwd ", file_exists("/etc/passwd") ? "visible" : "absent", "\\n";
foreach (getenv() as $k => $v) echo "env $k=$v\\n";
$s = @fsockopen("127.0.0.1", $port, $errno, $errstr, 2);
echo "connect ", $s ? "ok" : "refused", "\\n";
echo shell_exec("/bin/sh -c '${SHELL}'");
`,
    flood: '<?php\nwhile (true) { echo "spam spam spam\\n"; }\n',
    spawner:
      "<?php\n$all = [];\nwhile (true) { $p = @proc_open(['/bin/sleep', '100'], [], $pipes); if ($p) $all[] = $p; }\n",
  },
  python: {
    snoop: `import os, socket, subprocess
port = int(open(0).read())
print("passwd", "visible" if os.path.exists("/etc/passwd") else "absent")
for k, v in os.environ.items():
    print(f"env {k}={v}")
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    print("connect ok")
except OSError:
    print("connect refused")
print(subprocess.run(["/bin/sh", "-c", "${SHELL}"], capture_output=True, text=True).stdout, end="")
`,
    flood: 'while True:\n    print("spam spam spam")\n',
    spawner:
      'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n',
  },
}
