"""wrk, the load generator: run it against one URL, read its report, and account for the
CPU it used itself and the CPU the server's processes used meanwhile."""

import os
import re
import resource
import subprocess
import time
from dataclasses import dataclass

TICKS = os.sysconf("SC_CLK_TCK")
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


@dataclass
class Measure:
    requests_per_second: float
    requests: int
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: dict
    seconds: float
    wrk_cpu: float  # percent of one core
    server_cpu: float  # percent of one core, the gunicorn workers together
    machine_cpu: float  # percent of one core, every process of the machine together

    @property
    def errors(self):
        return self.non_2xx + sum(self.socket_errors.values())

    @property
    def server_ms_per_request(self):
        """The server's CPU time per request: what a page costs, whatever else runs."""
        return 10 * self.server_cpu * self.seconds / self.requests if self.requests else 0.0

    @property
    def other_cpu(self):
        """What neither wrk nor the server used: other work on the machine, noise."""
        return max(0.0, self.machine_cpu - self.wrk_cpu - self.server_cpu)


def wrk(url, *, seconds, threads=2, connections=32, server_pid=None):
    """Run ``wrk`` for ``seconds`` and return a Measure."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    before = _cpu_snapshot(server_pid)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = _cpu_snapshot(server_pid)
    wall = after["wall"] - before["wall"]
    report = parse(output)
    return Measure(
        **report,
        seconds=wall,
        wrk_cpu=100 * (after["children"] - before["children"]) / wall,
        server_cpu=100 * (after["server"] - before["server"]) / wall,
        machine_cpu=100 * _busy_share(before["machine"], after["machine"]) * os.cpu_count(),
    )


def parse(output):
    """The figures of wrk's report (wrk 4, with --latency)."""

    def number(pattern, default=None):
        match = re.search(pattern, output)
        if match is None:
            if default is None:
                raise ValueError(f"wrk's report has no {pattern!r}:\n{output}")
            return default
        return match.group(1)

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk's report has no {percent}% latency:\n{output}")
        return float(match.group(1)) * UNITS[match.group(2)]

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_second": float(number(r"Requests/sec:\s+([\d.]+)")),
        "requests": int(number(r"(\d+) requests in")),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)", "0")),
        "socket_errors": (
            dict(
                zip(["connect", "read", "write", "timeout"], map(int, errors.groups()), strict=True)
            )
            if errors
            else {"connect": 0, "read": 0, "write": 0, "timeout": 0}
        ),
    }


def _cpu_snapshot(server_pid):
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": time.monotonic(),
        # Children waited for: between two snapshots, only the wrk just run.
        "children": usage.ru_utime + usage.ru_stime,
        "server": _process_tree_cpu(server_pid) if server_pid else 0.0,
        "machine": _machine_ticks(),
    }


def _process_tree_cpu(pid):
    """CPU seconds used so far by ``pid`` and its children (gunicorn's workers)."""
    total = 0.0
    for each in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{each}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return total


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except FileNotFoundError:
        return []


def _machine_ticks():
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values[:8]), idle


def _busy_share(before, after):
    total = after[0] - before[0]
    idle = after[1] - before[1]
    return (total - idle) / total if total else 0.0
