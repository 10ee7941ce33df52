"""Run the build as a child process that can never outlive the publisher.

The child gets its own process group, so one killpg reaches it and everything
it starts (mkdocs, WeasyPrint, hunspell). Two guards cover a publisher that
dies without running any clean-up (kill -9):
  * PR_SET_PDEATHSIG: the kernel kills the direct child when the publisher dies;
  * a watchdog process holds the read end of a pipe that only the publisher
    writes to; when the publisher dies the pipe closes and the watchdog kills the
    whole group, grandchildren included (PDEATHSIG reaches only the direct child).
"""

from __future__ import annotations

import collections
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)  # loaded before any fork: preexec_fn must not load libraries


def _die_with(parent: int):
    def preexec() -> None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the publisher died before prctl took effect
            os._exit(1)
    return preexec


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(argv: Sequence[str], cwd: Path | None = None, tail_lines: int = 200) -> tuple[int, str]:
    """Run argv, echo its output as it comes, return (exit code, the last lines of output).

    On every way out (normal end, exception, SIGTERM turned into an exception)
    the child's process group is killed, so nothing keeps writing afterwards.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, process_group=0, preexec_fn=_die_with(os.getpid()))
    read_end, write_end = os.pipe()
    watchdog = subprocess.Popen([sys.executable, "-m", "protocol.publish.watchdog", str(child.pid)],
                                stdin=read_end, stdout=subprocess.DEVNULL, process_group=0)
    os.close(read_end)  # from now on only the publisher holds the pipe open (write_end is not inherited)
    tail: collections.deque[str] = collections.deque(maxlen=tail_lines)
    try:
        for raw in child.stdout:
            line = raw.decode("utf-8", errors="replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            tail.append(line)
        code = child.wait()
    finally:
        kill_group(child.pid)
        child.stdout.close()
        child.wait()
        os.close(write_end)  # the watchdog sees EOF, kills the (now empty) group and exits
        watchdog.wait()
    return code, "".join(tail)
