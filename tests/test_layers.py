"""The dependency direction holds by construction: MkDocs knowledge lives only in
`generator/mkdocs_adapter/`. The core, the renderer and the handouts import neither MkDocs nor its
themes nor the adapter, not even inside a function, so another engine replaces one package."""

from __future__ import annotations

import ast
from pathlib import Path

from kursbau_testing import ROOT

GENERATOR = ROOT / "generator"
ENGINE_FREE = ("core", "render", "handouts")
FORBIDDEN = ("mkdocs", "material", "properdocs", "generator.mkdocs_adapter")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, a module of `package`, also
    inside functions; relative imports resolved."""
    package = package.split(".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
            # `from .. import mkdocs_adapter` names the module in the alias
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def imports_of(path: Path) -> list[tuple[int, str]]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imported(path.read_text(encoding="utf-8"), package)


def test_the_resolver_sees_relative_and_nested_imports():
    source = (
        "def late():\n    from ..mkdocs_adapter.outputs import sources_of\n"
        "    from .. import mkdocs_adapter\n    import material.plugins\n"
    )
    names = [name for _line, name in imported(source, "generator.handouts")]
    assert "generator.mkdocs_adapter.outputs" in names
    assert "generator.mkdocs_adapter" in names
    assert "material.plugins" in names
    assert all(map(forbidden, ["mkdocs.config", "generator.mkdocs_adapter.build", "material"]))
    assert not forbidden("mkdocs_like") and not forbidden("generator.core.markdown")


def test_core_render_and_handouts_know_no_engine():
    files = [p for folder in ENGINE_FREE for p in sorted((GENERATOR / folder).rglob("*.py"))]
    assert len(files) > 30  # the walk found the packages
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in files
        for line, name in imports_of(path)
        if forbidden(name)
    ]
    assert not wrong, "\n".join(wrong)
