"""Problems found in a course, reported as `path:line:col: message`, all at once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file. Line and column count from 1; `1:1` for file-level problems."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Problems:
    """Collects problems from every phase so that a run reports all of them together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), max(col, 1), message))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(sorted(set(self.items)))

    def report(self) -> str:
        return "\n".join(str(p) for p in self)
