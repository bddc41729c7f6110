"""The layering of CaseReview, as data, and a checker for it (docs/architecture.md draws it).

Layers read downward: a module may import from its own package and from lower layers,
never from a higher layer, nor from a peer in the same layer. Imports inside functions
count too (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# (rank, package prefixes). Longer prefixes win: casereview.core.calendar is an engine
# although it lives in core; casereview.chronology.engine is an engine inside chronology.
LAYERS: list[tuple[int, tuple[str, ...]]] = [
    (0, ("casereview.text", "casereview.tabular", "casereview.core.calendar", "casereview.chronology.engine",
         "casereview.env")),
    (1, ("casereview.core",)),
    (2, ("casereview.audit",)),
    (3, ("casereview.accounts",)),
    (4, ("casereview.reviews",)),
    (5, ("casereview.chronology", "casereview.actions", "casereview.publishing", "casereview.library")),
    (6, ("casereview.dashboard", "casereview.urls", "casereview.settings", "casereview.cli", "casereview.wsgi",
         "casereview.asgi", "casereview.__main__")),
]
ENGINE_RANK = 0
# Pure engines import no Django (they run in the CLI without settings and are type-checked).
ENGINE_FORBIDDEN = ("django",)


@dataclass(frozen=True)
class Unit:
    rank: int
    package: str  # the prefix that placed it: peers are different packages of the same rank


def unit_of(module: str) -> Unit | None:
    best: tuple[int, str] | None = None
    for rank, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
                best = (rank, prefix)
    return Unit(*best) if best else None


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    importer: str
    imported: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.importer} imports {self.imported}: {self.reason}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:  # "from casereview import reviews" names a package
                yield node.lineno, f"{target}.{alias.name}"


def check_source(source: str, *, module: str, file: str, is_package: bool = False) -> list[Violation]:
    importer = unit_of(module)
    if importer is None:
        return []
    problems = []
    seen: set[tuple[int, str]] = set()
    for line, target in imported_modules(ast.parse(source), module, is_package):
        if importer.rank == ENGINE_RANK and target.split(".")[0] in ENGINE_FORBIDDEN and (line, "django") not in seen:
            seen.add((line, "django"))
            problems.append(Violation(file, line, module, target, "a pure engine must not import Django"))
        imported = unit_of(target)
        if imported is None or imported.package == importer.package or (line, imported.package) in seen:
            continue
        if imported.rank > importer.rank:
            reason = f"upward: layer {importer.rank} ({importer.package}) may not import layer {imported.rank}"
        elif imported.rank == importer.rank and importer.rank != max(r for r, _ in LAYERS):
            reason = f"peer: {importer.package} and {imported.package} share layer {importer.rank}; use a hook"
        else:
            continue
        seen.add((line, imported.package))
        problems.append(Violation(file, line, module, target, reason))
    return problems


def check_tree(root: Path, package: str = "casereview") -> list[Violation]:
    problems: list[Violation] = []
    for path in sorted((root / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        problems += check_source(path.read_text(encoding="utf-8"), module=module_name(path, root),
                                 file=str(path.relative_to(root)), is_package=path.name == "__init__.py")
    return problems


def modules_without_layer(root: Path, package: str = "casereview") -> Iterable[str]:
    for path in sorted((root / package).rglob("*.py")):
        name = module_name(path, root)
        if name != package and "migrations" not in path.parts and unit_of(name) is None:
            yield name
