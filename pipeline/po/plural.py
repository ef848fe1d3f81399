"""Evaluating gettext ``Plural-Forms`` expressions, to compare a file's header with babel's.

Weblate, Poedit and gettext's own tables write the same rule in different forms (Polish:
``n%100<10 || n%100>=20`` or ``(n % 100 < 12 || n % 100 > 14)``), so a header is judged by what
it computes, not by its text: the same number of forms and the same form for n = 0 ... 1,000
and some large numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(n)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()]))")
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]
Expr = Callable[[int], int]


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"cannot read the plural expression at '{text[pos : pos + 10]}'")
        out.append(match.group(1) or match.group(2) or match.group(3))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'} in the plural expression")
        self.pos += 1
        return token

    def ternary(self) -> Expr:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(self, level: int) -> Expr:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _combine(op, left, right)
        return left

    def unary(self) -> Expr:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise ValueError(f"unexpected '{token}' in the plural expression")


def _combine(op: str, left: Expr, right: Expr) -> Expr:
    ops: dict[str, Callable[[int, int], int]] = {
        "||": lambda a, b: int(bool(a) or bool(b)),
        "&&": lambda a, b: int(bool(a) and bool(b)),
        "==": lambda a, b: int(a == b),
        "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b),
        ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b),
        ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a // b if b else 0,
        "%": lambda a, b: a % b if b else 0,
    }
    fn = ops[op]
    return lambda n: fn(left(n), right(n))


def parse_plural_forms(value: str) -> tuple[int, Expr]:
    """(nplurals, plural function) from a ``Plural-Forms`` value; ValueError if unreadable."""
    if len(value) > MAX_LENGTH:
        # the longest rule of any language (Arabic) is under 120 characters
        raise ValueError(f"the plural expression is longer than {MAX_LENGTH} characters")
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d{1,3})\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", value)
    if not match:
        raise ValueError("expected 'nplurals=N; plural=EXPRESSION;'")
    if _depth(match.group(2)) > MAX_NESTING:
        raise ValueError(f"the plural expression is nested more than {MAX_NESTING} levels deep")
    parser = _Parser(_tokens(match.group(2)))
    expr = parser.ternary()
    if parser.peek() is not None:
        raise ValueError(f"unexpected '{parser.peek()}' in the plural expression")
    return int(match.group(1)), expr


MAX_LENGTH = 1000
MAX_NESTING = 30


def _depth(text: str) -> int:
    """How deeply parentheses, conditionals and negations nest (each is a level of recursion)."""
    depth = deepest = 0
    for ch in text:
        if ch in "(?!":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    return deepest


SAMPLES = (*range(0, 1001), 1011, 1021, 1100, 2000, 10_000, 100_001, 1_000_000)


@functools.lru_cache(maxsize=256)
def same_plural_rule(a: str, b: str) -> bool:
    """True when two Plural-Forms values give the same forms (False if either is unreadable)."""
    try:
        count_a, rule_a = parse_plural_forms(a)
        count_b, rule_b = parse_plural_forms(b)
    except ValueError:
        return False
    if a == b:
        return True  # babel's own value, the usual case: nothing to evaluate
    return count_a == count_b and all(rule_a(n) == rule_b(n) for n in SAMPLES)
