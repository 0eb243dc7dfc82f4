"""`make bench`: the benchmarks of issue 16, each measured in a process of its own, written to
docs/performance.md with the machine they ran on. Never part of `make test`.

    python benchmarks/run.py [--only people_export staff_import] [--rows 10000 30000]
                             [--output docs/performance.md]

Each benchmark's database is a fresh SQLite file in a temporary folder unless
BENCH_DATABASE_URL names another (an empty PostgreSQL database, say); it is built once for all
sizes of the benchmark."""

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import measure  # noqa: E402

# Each benchmark is a module of this folder: NAME, TITLE, DEFAULT_ROWS, prepare(sizes),
# warm_up(size), ours(size), baseline_input(size), bare(*input), section(results).
BENCHMARKS = ("people_export", "staff_import")


def child(module, step, sizes):
    """One step in this process, its figures printed as JSON on the last line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profrost.settings")
    import django

    django.setup()
    benchmark = importlib.import_module(module)
    if step == "prepare":
        seconds, peak = measure.measured(lambda: benchmark.prepare(sizes))
        return {"seconds": seconds, "peak_mb": peak}
    (size,) = sizes
    if step == "ours":
        benchmark.warm_up(size)
        seconds, peak = measure.measured(lambda: benchmark.ours(size))
    else:
        given = benchmark.baseline_input(size)
        seconds, peak = measure.measured(lambda: benchmark.bare(*given))
    return {"seconds": seconds, "peak_mb": peak}


def run_step(module, step, sizes, env):
    command = [sys.executable, __file__, "--child", module, step, "--rows", *map(str, sizes)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{module} {step} {sizes}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(module, sizes, env):
    prepared = run_step(module, "prepare", sizes, env)
    print(f"{module}: prepared {sizes} in {prepared['seconds']:.1f} s", flush=True)
    results = []
    for size in sizes:
        ours = run_step(module, "ours", [size], env)
        bare = run_step(module, "baseline", [size], env)
        results.append({"rows": size, "ours": ours, "bare": bare})
        print(
            f"{module} {size} rows: {ours['seconds']:.2f} s, {ours['peak_mb']:.0f} MB; "
            f"bare {bare['seconds']:.2f} s; ratio {ours['seconds'] / bare['seconds']:.2f}",
            flush=True,
        )
    return results


def database_kind():
    """The database's kind only: a URL may carry a password, the report never does."""
    url = os.environ.get("BENCH_DATABASE_URL", "sqlite://")
    if url.startswith(("postgres", "pgsql")):
        return "PostgreSQL"
    return "SQLite" if url.startswith("sqlite") else url.split(":", 1)[0]


def markers(name):
    """Each database keeps its own section: a PostgreSQL run does not replace SQLite's."""
    name = f"{name}:{database_kind().lower()}"
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def section(benchmark, results, machine):
    begin, end = markers(benchmark.NAME)
    lines = [
        begin,
        f"## {benchmark.TITLE}, {database_kind()}",
        "",
        f"Запуск {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; машина: nproc = {machine['nproc']}, "
        f"{machine['cpu']}; Python {machine['python']}; {machine['system']}; база "
        f"{database_kind()}; средняя нагрузка (load average) "
        f"за минуту до конца замеров: {machine['load']:.1f}.",
        "",
        *benchmark.section(results),
    ]
    return "\n".join([*lines, end])


def write_report(path, name, text):
    """Replaces this benchmark's section of `path`, keeping the rest of the page."""
    begin, end = markers(name)
    page = path.read_text() if path.exists() else ""
    if begin in page and end in page:
        head, rest = page.split(begin, 1)
        page = head + text + rest.split(end, 1)[1]
    else:
        page = page.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(page)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=BENCHMARKS, nargs="+", default=list(BENCHMARKS))
    parser.add_argument("--rows", type=int, nargs="+", help="sizes instead of each one's own")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--child", nargs=2, metavar=("MODULE", "STEP"))  # prepare|ours|baseline
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, args.rows)))
        return
    for module in args.only:
        run_one(module, args.rows, args.output)


def run_one(module, rows, output):
    """One benchmark on a database of its own (a fresh SQLite file unless BENCH_DATABASE_URL
    names one), its section written to `output`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profrost.settings")
    import django

    django.setup()  # the module names models; this process never queries them
    bench_module = importlib.import_module(module)
    sizes = rows or bench_module.DEFAULT_ROWS
    with tempfile.TemporaryDirectory(prefix="profrost-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get(
                "BENCH_DATABASE_URL", f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            ),
            "PROFROST_VAR_DIR": folder,
            "EXPORT_BACKGROUND_ROWS": str(max(sizes) + 1),  # the export itself, in-process
            "CELERY_BROKER_URL": "",
        }
        results = bench(module, sizes, env)
    write_report(output, bench_module.NAME, section(bench_module, results, measure.machine()))
    print(f"written to {output}")


if __name__ == "__main__":
    main()
