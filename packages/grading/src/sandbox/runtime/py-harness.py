"""The Python child: runs inside bubblewrap (never unconfined), execs the candidate's code afresh
for every test and calls the entry point. One JSON line per event goes to a private copy of
stdout; the candidate's print() goes to a capped buffer and its fd 1 to /dev/null."""

import builtins
import json
import math
import os
import signal
import sys
import time

ERROR_MAX_CHARS = 500
MAX_DEPTH = 32  # the parent's MAX_JSON_DEPTH: no expected value nests deeper


class TestTimeout(BaseException):
    """A BaseException, so a candidate's `except Exception` cannot swallow it. `except
    BaseException` can: whether the alarm fired is therefore also kept aside (see run_one)."""


alarm = {"fired": False}


class Capture:
    """print() target for the whole run, capped; handed out per test with its result."""

    def __init__(self, cap):
        self.cap, self.total, self.parts = cap, 0, []

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self.cap - self.total
        if room > 0:
            piece = text[:room]
            self.parts.append(piece)
            self.total += len(piece.encode("utf-8", "replace"))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def take(self):
        text, self.parts = "".join(self.parts), []
        return text


def to_json(value, depth=0):
    """Tuples become lists and non-finite floats null (as JSON.stringify does); the rest must
    already be JSON."""
    if depth > MAX_DEPTH:
        raise ValueError("the return value is nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [to_json(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {json_key(k): to_json(v, depth + 1) for k, v in value.items()}
    raise TypeError(f"the return value contains a {type(value).__name__}, which is not JSON")


def json_key(key):
    if isinstance(key, str):
        return key
    if isinstance(key, (bool, int, float)) or key is None:
        return json.dumps(key)
    raise TypeError(f"a dict key of type {type(key).__name__} is not JSON")


def describe(exc):
    if isinstance(exc, SyntaxError):  # its str() repeats the file name and line
        return f"{type(exc).__name__}: {exc.msg} (line {exc.lineno})"[:ERROR_MAX_CHARS]
    try:
        message = str(exc)
    except BaseException:
        message = ""
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<solution>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if line:
        text += f" (line {line})"
    return text[:ERROR_MAX_CHARS]


def find_entry(namespace, name):
    fn = namespace.get(name)
    if not callable(fn) and isinstance(namespace.get("Solution"), type):
        fn = getattr(namespace["Solution"](), name, None)  # LeetCode-style class
    if not callable(fn):
        raise NameError(f"{name} is not defined as a function")
    return fn


def attempt(source, entry, args, compiled):
    try:
        if "error" in compiled:  # the code did not compile: every test says so, compiled once
            return {"status": "runtime_error", "error": compiled["error"], "compile": True}
        if "code" not in compiled:
            try:
                compiled["code"] = compile(source, "<solution>", "exec")
            except (SyntaxError, ValueError) as exc:  # ValueError: a NUL byte in the source
                # Nothing ran: the code's compile error (every test reports it).
                compiled["error"] = describe(exc)
                return {"status": "runtime_error", "error": compiled["error"], "compile": True}
        namespace = {"__name__": "solution", "__builtins__": builtins}
        exec(compiled["code"], namespace)
        value = to_json(find_entry(namespace, entry)(*args))
        text = json.dumps(value, allow_nan=False, separators=(",", ":"))
        return {"status": "ok", "actual": value, "size": len(text)}
    except (TestTimeout, MemoryError):
        raise
    except BaseException as exc:  # SystemExit and KeyboardInterrupt are the candidate's errors too
        return {"status": "runtime_error", "error": describe(exc)}


def too_slow(timeout_ms):
    return {"status": "time_limit_exceeded", "error": f"Exceeded the time limit of {timeout_ms} ms"}


def run_one(source, entry, args, compiled, timeout_ms):
    alarm["fired"] = False
    signal.setitimer(signal.ITIMER_REAL, timeout_ms / 1000)
    try:
        outcome = attempt(source, entry, args, compiled)
    except TestTimeout:
        return too_slow(timeout_ms)
    except MemoryError:
        return {"status": "memory_limit_exceeded", "error": "MemoryError: out of memory"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    # The candidate caught the timeout (`except BaseException`) and went on: still an overrun.
    return too_slow(timeout_ms) if alarm["fired"] else outcome


def reap_strays():
    """In the sandbox's pid namespace, kill(-1) reaches whatever the test forked (not us, not
    init); waiting for them matters too, because zombies still count against RLIMIT_NPROC."""
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except OSError:
            return


def main():
    payload = json.loads(sys.stdin.buffer.read())
    limits = payload["limits"]
    channel = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)  # fd 2 stays: the parent keeps its tail for crash reports
    capture = Capture(limits["maxOutputBytes"] + 1)  # one byte over: the parent marks the cut
    sys.stdin = open(os.devnull)
    sys.stdout = sys.stderr = capture
    write, dumps = os.write, json.dumps

    def send(message):
        data = (dumps(message, separators=(",", ":")) + "\n").encode()
        while data:
            data = data[write(channel, data) :]

    def on_alarm(_signum, _frame):
        alarm["fired"] = True
        raise TestTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    compiled = {}
    timeout_ms = limits["testTimeoutMs"]
    for i, args in enumerate(payload["inputs"]):
        send({"t": "start", "i": i})
        started = time.perf_counter()
        try:
            outcome = run_one(payload["code"], payload["entryPoint"], args, compiled, timeout_ms)
        except TestTimeout:  # the alarm fired in the harness's own bookkeeping
            outcome = too_slow(timeout_ms)
        if payload.get("reapStrays"):
            reap_strays()
        if outcome.pop("size", 0) > payload["maxResultBytes"]:
            outcome = {"status": "runtime_error", "error": "The return value is larger than 1 MiB"}
        ms = round((time.perf_counter() - started) * 1000)
        send({**outcome, "t": "result", "i": i, "ms": ms, "out": capture.take()})
    os._exit(0)  # threads the candidate left running must not keep the process alive


main()
