"""What every benchmark reports: wall time, the peak resident memory of the measured part, and
the machine it ran on. Each measurement runs in a process of its own, so one's memory is not
another's."""

import contextlib
import os
import platform
import resource
import time
from pathlib import Path

STATUS = Path("/proc/self/status")


def reset_peak():
    """Start the kernel's peak-RSS count (VmHWM) anew, so it covers only what follows.

    Linux resets it when 5 is written to clear_refs; elsewhere the process's own peak stays."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb():
    """The peak resident memory since `reset_peak`, in MB."""
    if STATUS.exists():
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(step):
    """Runs `step()` and returns (seconds, peak MB) of that run alone."""
    reset_peak()
    started = time.perf_counter()
    step()
    return time.perf_counter() - started, peak_mb()


def machine():
    """nproc, the CPU model, the Python version: how a reader compares two runs."""
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "nproc": len(affinity(0)) if affinity else os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        # Other work on the machine slows a run: the figures are read against it.
        "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
