"""Realistic mutants of the browser's scoring (generator/assets/kursbau.js), one at a time, against
the browser tests that state the scoring rules. Run by scripts/mutation.

Each mutant is a mistake someone could make when editing the script: a boundary compared with
`>` instead of `>=`, a percentage rounded instead of floored, an all-or-nothing question that
accepts an extra wrong option. The repository is copied to a temporary folder, the mutant is
written into the copy, and the tests run there; a mutant the tests do not notice "survived".

    python scripts/mutation_js.py            # every mutant
    python scripts/mutation_js.py -k floor   # those whose name contains "floor"
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path("generator/assets/kursbau.js")
TESTS = [
    "tests/browser/test_scoring_property.py",
    "tests/browser/test_checklist.py",
    "tests/browser/test_self_assessment.py",
    "tests/browser/test_quiz.py",
]

# (name, text in kursbau.js, what a careless edit makes of it)
MUTANTS = [
    (
        "band boundary: > instead of >=",
        "return a[0] * b[1] >= b[0] * a[1];",
        "return a[0] * b[1] > b[0] * a[1];",
    ),
    (
        "percentage bands compared as points",
        "return isPercent ? isAtLeast(times(score, [HUNDRED, BIG(1)]), times(mark, maximum))"
        " : isAtLeast(score, mark);",
        "return isAtLeast(score, mark);",
    ),
    (
        "percentage rounded instead of floored",
        "return maximum[0] > 0 ? Number((score[0] * HUNDRED * maximum[1]) / (score[1] *"
        " maximum[0])) : 0;",
        "return maximum[0] > 0 ? Math.round(Number(score[0] * HUNDRED * maximum[1]) /"
        " Number(score[1] * maximum[0])) : 0;",
    ),
    (
        "data-score truncated instead of rounded half up",
        "var rounded = (a[0] * TEN_THOUSAND * BIG(2) + a[1]) / (a[1] * BIG(2));",
        "var rounded = (a[0] * TEN_THOUSAND) / a[1];",
    ),
    (
        "the first band reached wins, not the last",
        "if (reaches(band.min, band.percent, score, maximum)) found = index;",
        "if (found === null && reaches(band.min, band.percent, score, maximum)) found = index;",
    ),
    (
        "all-or-nothing accepts an extra wrong option",
        "if (!!chosen[index] !== option.correct) exact = false;",
        "if (!chosen[index] && option.correct) exact = false;",
    ),
    (
        "all-or-nothing accepts a missing right option",
        "if (!!chosen[index] !== option.correct) exact = false;",
        "if (chosen[index] && !option.correct) exact = false;",
    ),
    (
        "partial credit below zero",
        "return { earned: earned[0] < 0 ? ZERO : earned, max: most, answered: true };",
        "return { earned: earned, max: most, answered: true };",
    ),
    (
        "partial credit ignored",
        "if (!question.partial) earned = exact ? most : ZERO;",
        "earned = exact ? most : ZERO;",
    ),
    (
        "an answer one past the last option counts",
        "return typeof value === 'number' && value % 1 === 0 && value >= 0 && value < count;",
        "return typeof value === 'number' && value % 1 === 0 && value >= 0 && value <= count;",
    ),
    (
        "a ticked item is anything truthy",
        "earned: answer === true ? most : ZERO",
        "earned: answer ? most : ZERO",
    ),
    (
        "unanswered questions not counted",
        "if (!points.answered) result.unanswered += 1;",
        "if (points.answered === undefined) result.unanswered += 1;",
    ),
    (
        "dimensions add up the maximum, not the points",
        "dimension.earned = plus(dimension.earned, points.earned);",
        "dimension.earned = plus(dimension.earned, points.max);",
    ),
    (
        "pass mark always read as points",
        "result.passed = reaches(data.pass.value, data.pass.percent, result.total, result.max);",
        "result.passed = reaches(data.pass.value, false, result.total, result.max);",
    ),
    (
        "a fraction string read as its numerator",
        "return parts.length === 2 ? fraction(value[0], value[1] * BIG(parts[1])) : value;",
        "return value;",
    ),
    (
        "decimals dropped from a number",
        "var value = fraction(BIG(match[1] + decimals), BIG('1' + '0'.repeat(decimals.length)));",
        "var value = fraction(BIG(match[1]), BIG(1));",
    ),
    (
        "the sign lost in gcd (a negative partial value)",
        "if (a < 0) a = -a;",
        "",
    ),
    (
        "a scale step's raw points instead of its weighted value",
        "return { earned: parseNumber(choices[answer].value), max: most, answered: true };",
        "var step = choices[answer], raw = question.kind === 'scale' ? step.points : step.value;"
        " return { earned: parseNumber(raw), max: most, answered: true };",
    ),
    (
        "dimension bands judged against the check's maximum",
        "band: dimension.bands.length ? bandIndex(dimension.bands, own.earned, own.max) : null",
        "band: dimension.bands.length ? bandIndex(dimension.bands, own.earned, result.max) : null",
    ),
    (
        "trailing zeros kept in data-score",
        "var decimals = ('000' + (rounded % TEN_THOUSAND)).slice(-4).replace(/0+$/, '');",
        "var decimals = ('000' + (rounded % TEN_THOUSAND)).slice(-4);",
    ),
]


def copy_repository(target: Path) -> None:
    """The repository as it is now, without what is made or installed."""
    skip = shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "mutants", "site", ".cache", "__pycache__", ".hypothesis"
    )
    shutil.copytree(ROOT, target, ignore=skip, dirs_exist_ok=True)


def run_tests(copy: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(copy), KURSBAU_REQUIRE_ALL="1")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only mutants whose name contains this")
    args = parser.parse_args()
    source = (ROOT / SCRIPT).read_text(encoding="utf-8")
    chosen = [m for m in MUTANTS if args.k in m[0]]
    with tempfile.TemporaryDirectory(prefix="kursbau-js-mutants-") as folder:
        copy = Path(folder)
        copy_repository(copy)
        baseline = run_tests(copy)
        if baseline.returncode != 0:
            print(baseline.stdout[-3000:], baseline.stderr[-3000:])
            print("the tests fail without a mutant: fix them first")
            return 2
        results = []
        for name, original, mutated in chosen:
            if source.count(original) != 1:
                results.append((name, "not found in kursbau.js: update this list"))
                continue
            (copy / SCRIPT).write_text(source.replace(original, mutated), encoding="utf-8")
            outcome = run_tests(copy)
            if outcome.returncode == 1:
                failed = [line for line in outcome.stdout.splitlines() if line.startswith("FAILED")]
                results.append(
                    (name, f"killed ({failed[0].split(' ')[1] if failed else 'a test'})")
                )
            elif outcome.returncode == 0:
                results.append((name, "SURVIVED"))
            else:
                results.append((name, f"error (pytest exit {outcome.returncode})"))
            (copy / SCRIPT).write_text(source, encoding="utf-8")
    for name, verdict in results:
        print(f"{verdict:<70} {name}")
    killed = sum(v.startswith("killed") for _, v in results)
    print(f"kursbau.js: {killed} of {len(results)} mutants killed")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
