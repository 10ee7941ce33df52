"""Kill a process group as soon as the publisher dies: `python -m protocol.publish.watchdog PGID`.

Started by children.run with stdin the read end of a pipe that only the
publisher holds open. End of file on stdin means the publisher ended, normally
or by kill -9; then the group goes, so no build can finish after the lock is gone.
"""

import os
import signal
import sys


def main(argv: list[str] | None = None) -> int:
    pgid = int((argv if argv is not None else sys.argv[1:])[0])
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # only the pipe decides when we act
        signal.signal(number, signal.SIG_IGN)
    while os.read(0, 4096):
        pass
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
