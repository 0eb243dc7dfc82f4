"""`make bench`: the benchmarks of issue 16, each measured in a process of its own, written to
docs/performance.md with the machine they ran on. Never part of `make test`.

    python benchmarks/run.py [--rows 10000 30000] [--output docs/performance.md]

The database is a fresh SQLite file in a temporary folder unless BENCH_DATABASE_URL names
another (an empty PostgreSQL database, say); it is built once for all sizes."""

import argparse
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

STEPS = ("prepare", "export", "baseline")


def child(step, sizes):
    """One step in this process, its figures printed as JSON on the last line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profrost.settings")
    import django

    django.setup()
    import people_export

    if step == "prepare":
        seconds, peak = measure.measured(lambda: people_export.prepare(sizes))
        return {"seconds": seconds, "peak_mb": peak}
    (size,) = sizes
    if step == "export":
        people_export.ours(size)  # warm-up: imports, templates, the first query plans
        seconds, peak = measure.measured(lambda: people_export.ours(size))
    else:
        headers, rows = people_export.same_values(size)
        seconds, peak = measure.measured(lambda: people_export.bare(headers, rows))
    return {"seconds": seconds, "peak_mb": peak}


def run_step(step, sizes, env):
    command = [sys.executable, __file__, "--child", step, "--rows", *map(str, sizes)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{step} {sizes}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(sizes, env):
    prepared = run_step("prepare", sizes, env)
    print(f"prepared {sizes} in {prepared['seconds']:.1f} s", flush=True)
    results = []
    for size in sizes:
        ours = run_step("export", [size], env)
        bare = run_step("baseline", [size], env)
        results.append({"rows": size, "ours": ours, "bare": bare})
        print(
            f"{size} rows: {ours['seconds']:.2f} s, {ours['peak_mb']:.0f} MB; "
            f"bare {bare['seconds']:.2f} s; ratio {ours['seconds'] / bare['seconds']:.2f}",
            flush=True,
        )
    return results


def database_kind():
    """The database's kind only: a URL may carry a password, the report never does."""
    url = os.environ.get("BENCH_DATABASE_URL", "sqlite://")
    return "PostgreSQL" if url.startswith(("postgres", "pgsql")) else url.split(":", 1)[0]


def markers():
    """Each database keeps its own section: a PostgreSQL run does not replace SQLite's."""
    name = f"people-export:{database_kind().lower()}"
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def section(results, machine):
    begin, end = markers()
    lines = [
        begin,
        f"## Выгрузка работников в XLSX, {database_kind()}",
        "",
        f"Запуск {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; машина: nproc = {machine['nproc']}, "
        f"{machine['cpu']}; Python {machine['python']}; {machine['system']}; база "
        f"{database_kind()}; средняя нагрузка (load average) "
        f"за минуту до конца замеров: {machine['load']:.1f}.",
        "",
        "| Строк | Наша выгрузка, с | Пик памяти процесса, МБ | Чистый openpyxl, с "
        "| Его пик, МБ | Во сколько раз дольше |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for item in results:
        ours, bare = item["ours"], item["bare"]
        lines.append(
            f"| {item['rows']} | {ours['seconds']:.2f} | {ours['peak_mb']:.0f} "
            f"| {bare['seconds']:.2f} | {bare['peak_mb']:.0f} "
            f"| {ours['seconds'] / bare['seconds']:.2f} |"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last["ours"]["seconds"] / first["ours"]["seconds"]
        lines += [
            "",
            f"Рост времени от {first['rows']} до {last['rows']} строк: в {growth:.2f} раза "
            f"(строк в {last['rows'] / first['rows']:.1f} раза больше).",
        ]
    return "\n".join([*lines, end])


def write_report(path, text):
    """Replaces this benchmark's section of `path`, keeping the rest of the page."""
    begin, end = markers()
    page = path.read_text() if path.exists() else ""
    if begin in page and end in page:
        head, rest = page.split(begin, 1)
        page = head + text + rest.split(end, 1)[1]
    else:
        page = page.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(page)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--child", choices=STEPS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.rows)))
        return
    with tempfile.TemporaryDirectory(prefix="profrost-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get(
                "BENCH_DATABASE_URL", f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            ),
            "PROFROST_VAR_DIR": folder,
            "EXPORT_BACKGROUND_ROWS": str(max(args.rows) + 1),  # the export itself, in-process
            "CELERY_BROKER_URL": "",
        }
        results = bench(args.rows, env)
    write_report(args.output, section(results, measure.machine()))
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
