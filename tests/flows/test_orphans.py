"""Issue 17: pool workers end when the process that started them is killed, instead of
waiting on their pipe for ever."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = '''
import os, sys, time
from dataclasses import dataclass
from tidings.flows.parallel import ParallelRunner

class Sleeper:
    def __init__(self, out):
        self.out = out
    def run(self, data, rank=0, world_size=1):
        open(os.path.join(self.out, str(os.getpid())), "w").close()
        time.sleep(600)
        return iter(())

@dataclass(frozen=True)
class Factory:
    out: str
    def __call__(self):
        return Sleeper(self.out)

with ParallelRunner(Factory(sys.argv[1]), workers=2, chunk_size=1) as runner:
    list(runner([1, 2, 3, 4]))
'''


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\\nState:\\tZ" not in state  # a zombie has ended


def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path)])
    try:
        deadline = time.monotonic() + 60
        while len(os.listdir(tmp_path)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(name) for name in os.listdir(tmp_path)]
        assert len(workers) == 2 and all(_alive(w) for w in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        parent.kill()
        for name in os.listdir(tmp_path):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(name), signal.SIGKILL)
