#!/usr/bin/env python3
"""Generate a benchmark workspace: N copies of plans/qinhuangdao-2021 under ids p0001, p0002, ….

Usage: gen_workspace.py N OUT

The copies are byte-for-byte identical to the example plan; only the directory name (the plan
id) changes. Because qinhuangdao-2021 implements beidaihe-2016, that plan is copied unchanged
too, so the generated workspace checks clean (N + 1 plans). A guihua.yaml with the defaults
marks OUT as the workspace root. OUT is replaced if it exists.
"""

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "plans" / "qinhuangdao-2021"
PARENT = REPO / "plans" / "beidaihe-2016"


def main() -> int:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    if out.exists():
        shutil.rmtree(out)
    plans = out / "plans"
    plans.mkdir(parents=True)
    (out / "guihua.yaml").write_text("plans_dir: plans\n", encoding="utf-8")
    shutil.copytree(PARENT, plans / PARENT.name)
    for i in range(1, n + 1):
        shutil.copytree(SOURCE, plans / f"p{i:04d}")
    # Schemas, so that the `$schema` lines in the copied files resolve as in the repo.
    if (REPO / "schemas").is_dir():
        shutil.copytree(REPO / "schemas", out / "schemas")
    files = sum(1 for p in plans.rglob("*.yaml"))
    print(f"{out}: {n + 1} plans, {files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
