"""An installed wheel must carry every package, the templates and the migrations."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())
                 ["tool"]["setuptools"]["packages"])
    on_disk = {".".join(path.parent.relative_to(ROOT).parts)
               for path in (ROOT / "award").rglob("__init__.py")
               if "static" not in path.parts}
    assert on_disk - listed == set()
    assert {"award.templates", "award.migrations"} <= listed
