"""Work done by a forked copy of this process, on the second core (where the system can fork: not Windows)."""
from __future__ import annotations

import os
import signal
import sys
import traceback
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available() -> bool:
    return hasattr(os, "fork")


class Fork:
    """`work` run by a forked copy of this process, which shares its memory until either writes to it. The copy
    closes its inherited copies of `others` (the parent's receiving ends of pipes) first: once the parent is gone,
    killed or not, no process reads the pipe and the copy's next send fails, so it never waits on a full pipe."""

    def __init__(self, work: Callable[[], None], others: tuple[Connection, ...] = ()):
        self.pid = os.fork()
        if self.pid == 0:
            code = 1
            try:
                for connection in others:
                    connection.close()
                work()
                code = 0
            except BrokenPipeError:
                pass  # the parent stopped reading: it has stopped, or failed and said why
            except Exception:  # not KeyboardInterrupt: Ctrl-C reaches every process, MkDocs says it once
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)  # no cleanup of the parent's (MkDocs' handlers, temporary folders) here
        self.status: int | None = None

    def wait(self) -> bool:
        """True if `work` finished."""
        if self.status is None:
            self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.status == 0

    def stop(self) -> None:
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)  # a no-op if it has ended: it is not reaped until wait
            self.wait()


def in_halves(function: Callable[[T], R], items: list[T]) -> list[R]:
    """[function(item) for item in items], the second half made meanwhile by a forked process (its results come
    back pickled); all here for fewer than two items, or where the system cannot fork."""
    if len(items) < 2 or not available():
        return [function(item) for item in items]
    half = len(items) // 2
    receiving, sending = Pipe(duplex=False)
    process = Fork(lambda: sending.send([function(item) for item in items[half:]]), others=(receiving,))
    sending.close()
    try:
        mine = [function(item) for item in items[:half]]
        theirs = receiving.recv()
    except EOFError:
        raise ChildProcessError("the forked process stopped (why is printed above)") from None
    finally:
        receiving.close()
        process.stop()
    return mine + theirs
