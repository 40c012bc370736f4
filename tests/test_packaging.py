"""The project's two dependency lists (pip and conda) must not drift apart."""

from __future__ import annotations

import re
import tomllib

from textkit import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(r): r.replace(" ", "") for r in reqs}


def _environment() -> dict[str, str]:
    deps = {}
    text = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+\s*[<>=!~].*|[A-Za-z0-9_.\-]+)\s*$", line)
        if m:
            deps[_name(m.group(1))] = m.group(1).replace(" ", "")
    for extra in ("python", "pip"):
        deps.pop(extra, None)
    return deps


def test_environment_yml_and_pyproject_declare_the_same_packages_and_versions():
    pip, conda = _pyproject(), _environment()
    assert pip == conda


def test_required_packages_are_declared():
    assert {"jupyterlab", "pandas", "jieba", "scikit-learn", "matplotlib", "wordcloud"} <= set(_pyproject())


def test_environment_installs_textkit_itself():
    assert re.search(r"^\s+-\s+-e \.\s*$", (paths.ROOT / "environment.yml").read_text(encoding="utf-8"), re.M)
