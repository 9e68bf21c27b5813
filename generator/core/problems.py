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
    # the other site a resource would be loaded from: problems with the same origin are
    # reported once, with the count and the first places (a README with 14 badges: one line)
    origin: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Problems:
    """Collects problems from every phase so that a run reports all of them together."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self, path: str, line: int, col: int, message: str, *, origin: str | None = None
    ) -> None:
        self.items.append(Problem(path, max(line, 1), max(col, 1), message, origin))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self._reported())

    def __iter__(self):
        return iter(self._reported())

    def _reported(self) -> list[Problem]:
        """Every problem once, in file order; those of one origin folded into the first."""
        unique = sorted(set(self.items))
        places: dict[str, list[Problem]] = {}
        for problem in unique:
            if problem.origin:
                places.setdefault(problem.origin, []).append(problem)
        reported = []
        for problem in unique:
            same = places.get(problem.origin, []) if problem.origin else [problem]
            if same[0] is not problem:
                continue
            if len(same) > 1:
                first = ", ".join(f"{p.path}:{p.line}:{p.col}" for p in same[:3])
                more = ", …" if len(same) > 3 else ""
                problem = Problem(
                    problem.path,
                    problem.line,
                    problem.col,
                    f"{problem.message} ({len(same)} places load from {problem.origin}: {first}"
                    f"{more})",
                    problem.origin,
                )
            reported.append(problem)
        return reported

    def report(self) -> str:
        return "\n".join(str(p) for p in self)
