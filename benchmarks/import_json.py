"""Benchmark: a company's whole file through JSON, out and back in.

    PYTHONPATH=<dir holding rapport> python benchmarks/import_json.py [ACCOUNTS]

Generates a demo company of ACCOUNTS accounts (default 1,000: about 39,000 records),
exports it with ``rapport export --format json``, then times, each as a subprocess end to
end (open, check every record, backup, one save, close):

* ``rapport import json`` into a file that does not exist yet (every record created);
* the same import again (every record matched by id: nothing to write);
* the import into a file that has the same accounts under other ids (from the accounts
  CSV): accounts matched by name, everything else created and pointed at them;

and, in this process, how long finding the people of the file takes (the check behind
``rapport log --staff`` and the forms' "is this a new person?"). Prints figures; asserts
only that the round trip gives the same records.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rapport
from rapport.store import Context, Store
from rapport.store.views.people import known_people


def run(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rapport", *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def main() -> None:
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(rapport.__file__)))
    env.setdefault("RAPPORT_USER", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, export = folder / "source.json", folder / "all.json"
        run("demo", "--accounts", str(accounts), "--seed", "5", "--out", str(source), env=env)
        run("export", "--db", str(source), "--format", "json", "--out", str(export), env=env)
        records = sum(len(v) for v in json.loads(export.read_text("utf-8"))["tables"].values())
        print(f"{accounts:,} accounts, {records:,} records, export {export.stat().st_size:,} bytes")
        target = folder / "target.json"
        first = run("import", "json", str(export), "--db", str(target), env=env)
        print(
            f"import json into a new file:      {first:6.2f} s ({records / first:,.0f} records/s)"
        )
        again = run("import", "json", str(export), "--db", str(target), env=env)
        print(f"the same import again (no change): {again:6.2f} s")
        back = folder / "back.json"
        run("export", "--db", str(target), "--format", "json", "--out", str(back), env=env)
        same = (
            json.loads(back.read_text("utf-8"))["tables"]
            == json.loads(export.read_text("utf-8"))["tables"]
        )
        print(f"export -> import -> export gives the same records: {same}")
        assert same
        apart, accounts_csv = folder / "apart.json", folder / "accounts.csv"
        run("export", "accounts", "--db", str(source), "--out", str(accounts_csv), env=env)
        run("import", "accounts", str(accounts_csv), "--db", str(apart), env=env)
        by_key = run("import", "json", str(export), "--db", str(apart), env=env)
        print("into a file with the accounts under other ids (matched by name, the rest")
        print(f"  pointed at them):               {by_key:6.2f} s")
        with Store.open(source, Context.from_env(), read_only=True) as store:
            started = time.perf_counter()
            people = known_people(store)
            took = time.perf_counter() - started
            print(
                f"the people of the file: {len(people)} found over "
                f"{store.count('interactions'):,} interactions in {took * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
