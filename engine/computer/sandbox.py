"""Every path an agent or the engine passes ends up inside the computer's root, or is refused.

A path is first read lexically (pure, no disk access): separators are unified
(`\\` counts as `/`, as on Windows), `.` and empty components drop out, `..`
may go back only as far as the root (or the drive's folder), and whatever
cannot be a plain relative name is refused: absolute and UNC paths, drives
that are not the computer's own volumes, `~` and environment variables (never
expanded), NUL and control characters, names over 255 bytes, paths over 4096
bytes, URLs, `..` hidden by percent-encoding or Unicode look-alikes, and the
computer's internal areas (`.synthcomp/`, `.trash/`, atomic-write temp files).

Then the existing prefix of the path is checked for symbolic links with one
`lstat` per component (no tree walk): a link that leads outside the root, into
an internal area, or nowhere (dangling) is refused.

With volumes (`{"C": "C"}`) the logical path `C:/Users/x` maps to
`<root>/C/Users/x` and is shown back to agents in that logical form; plain
paths relative to the root stay valid either way.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote

from engine.errors import PathOutsideComputer

INTERNAL_DIRS: tuple[str, ...] = (".synthcomp", ".trash")
"""Top-level folders that belong to the engine, never to an agent."""

STATE_DIR = ".synthcomp"
TRASH_DIR = ".trash"
TMP_PREFIX = ".synthcomp-tmp-"
"""Names of the temp files an atomic write renames into place."""

MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096

_INTERNAL_FOLDED = frozenset(d.casefold() for d in INTERNAL_DIRS)
# C0 and C1 controls, DEL, and the bidirectional overrides that can disguise a name.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DRIVE = re.compile(r"^([A-Za-z]):(.*)\Z", re.DOTALL)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_HOME = re.compile(r"^~[A-Za-z0-9_-]*\Z")
_ENV = re.compile(r"^(\$[A-Za-z_]\w*|\$\{[^}]*\}|%[A-Za-z_]\w*%)\Z")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A path that passed the sandbox: `rel` is POSIX relative to the root ("" is the root)."""

    rel: str
    abs: Path

    @property
    def is_root(self) -> bool:
        return not self.rel

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1] if self.rel else ""


def is_internal_rel(rel: str) -> bool:
    """True for the engine's own areas: `.synthcomp/...`, `.trash/...`, atomic-write temp files."""
    if not rel:
        return False
    parts = rel.split("/")
    if parts[0].casefold() in _INTERNAL_FOLDED:
        return True
    return any(p.startswith(TMP_PREFIX) for p in parts)


def legal_name(name: str) -> bool:
    """False for a name no agent could address: not valid text, or holding a control character.
    Such files (made outside the engine) are left alone and not listed, snapshotted or watched."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return _CONTROL.search(name) is None


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _show(path: str) -> str:
    """A path quoted for a message: control characters escaped, long paths shortened."""
    text = _CONTROL.sub(_escape_char, path)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(text) > 60:
        text = f"{text[:40]}…{text[-12:]}"
        return f"'{text}' ({len(path)} characters)"
    return f"'{text}'"


class Sandbox:
    """Resolves paths for one computer root. Cheap: lexical work plus one lstat per component."""

    def __init__(self, root: str | os.PathLike[str], volumes: Mapping[str, str] | None = None):
        self.root = Path(os.path.realpath(os.fspath(root)))
        self._root_str = str(self.root)
        self._prefix = self._root_str.rstrip("/") + "/"
        self.volumes: dict[str, str] = {}
        if volumes:
            first = next(iter(volumes)).upper()
            self._example = f"'{first}:/Users/me/Documents/report.docx'"
        else:
            self._example = "'Documents/report.docx'"
        for letter, folder in (volumes or {}).items():
            if not (
                isinstance(letter, str)
                and len(letter) == 1
                and letter.isascii()
                and letter.isalpha()
            ):
                raise ValueError(f"volume {letter!r} must be one drive letter, such as 'C'")
            rel = self._parse(folder, internal=False, allow_root=False, volume_ok=False)
            self.volumes[letter.upper()] = rel
        # Longest folder first, so nested volume folders display by their own letter.
        self._by_folder = sorted(
            ((rel, letter) for letter, rel in self.volumes.items()), key=lambda t: -len(t[0])
        )

    # -- public ---------------------------------------------------------------

    def parse(
        self, path: str | os.PathLike[str], *, internal: bool = False, allow_root: bool = False
    ) -> str:
        """The lexical part only (no disk access): the POSIX path relative to the root."""
        return self._parse(path, internal=internal, allow_root=allow_root, volume_ok=True)

    def resolve(
        self, path: str | os.PathLike[str], *, internal: bool = False, allow_root: bool = False
    ) -> Resolved:
        """Parse `path` and check its existing prefix for symbolic links that leave the computer."""
        rel = self.parse(path, internal=internal, allow_root=allow_root)
        self.check_links(rel, internal=internal, shown=path)
        return Resolved(rel, self.root / rel if rel else self.root)

    def display(self, rel: str) -> str:
        """How an agent sees the path `rel`: relative POSIX, or `C:/...` inside a volume."""
        if not rel:
            return "."
        for folder, letter in self._by_folder:
            if rel == folder:
                return f"{letter}:/"
            if rel.startswith(folder + "/"):
                return f"{letter}:/{rel[len(folder) + 1 :]}"
        return rel

    def rel_of(self, abs_path: str) -> str | None:
        """The relative path of an absolute path under the (real) root, or None if it is not under it."""
        if abs_path == self._root_str:
            return ""
        if abs_path.startswith(self._prefix):
            return abs_path[len(self._prefix) :]
        return None

    def check_links(
        self, rel: str, *, internal: bool = False, shown: str | os.PathLike[str] | None = None
    ) -> None:
        """Refuse if any existing component of `rel` is a symlink leading outside, inside an
        internal area (for agents), or nowhere."""
        if not rel:
            return
        cur = self._root_str
        done: list[str] = []
        for comp in rel.split("/"):
            done.append(comp)
            nxt = f"{cur}/{comp}"
            try:
                st = os.lstat(nxt)
            except OSError:
                return  # the rest does not exist (yet): nothing more can lead anywhere
            if not stat.S_ISLNK(st.st_mode):
                cur = nxt
                continue
            link = "/".join(done)
            target = os.path.realpath(nxt)
            target_rel = self.rel_of(target)
            the_path = _show(os.fspath(shown if shown is not None else rel))
            if target_rel is None:
                self._refuse(
                    the_path,
                    f"goes through the symbolic link '{link}', which leads outside the computer",
                )
            if not os.path.exists(target):
                self._refuse(
                    the_path, f"goes through the symbolic link '{link}', which points nowhere"
                )
            if not internal and is_internal_rel(target_rel):
                self._refuse(
                    the_path,
                    f"goes through the symbolic link '{link}' into the computer's internal area",
                )
            cur = target

    # -- internals ------------------------------------------------------------

    def _refuse(self, shown: str, why: str) -> NoReturn:
        raise PathOutsideComputer(
            f"The path {shown} {why}; give a path inside this computer, such as {self._example}."
        )

    def _parse(
        self,
        path: str | os.PathLike[str],
        *,
        internal: bool,
        allow_root: bool,
        volume_ok: bool,
    ) -> str:
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        if not isinstance(path, str):
            raise PathOutsideComputer(
                f"A path must be text, not {type(path).__name__}; give a path such as {self._example}."
            )
        if len(path) > MAX_PATH_BYTES:
            self._refuse(_show(path), f"is longer than {MAX_PATH_BYTES} bytes")
        shown = _show(path)
        try:
            size = len(path.encode("utf-8"))
        except UnicodeEncodeError:
            self._refuse(shown, "holds bytes that are not valid text")
        if size > MAX_PATH_BYTES:
            self._refuse(shown, f"is longer than {MAX_PATH_BYTES} bytes")
        if "\x00" in path:
            self._refuse(shown, "holds a NUL byte")
        if _CONTROL.search(path):
            self._refuse(shown, "holds a control character")
        if not path.strip():
            if allow_root:
                return ""
            self._refuse(shown, "is empty where a file name is needed")
        if _URL.match(path):
            self._refuse(shown, "is a URL, not a file path")

        s = path.replace("\\", "/")
        self._refuse_disguised(s, shown)

        if s.startswith("//"):
            self._refuse(shown, "is a network (UNC) or device path")
        base: list[str] = []
        m = _DRIVE.match(s)
        if m:
            letter, rest = m.group(1).upper(), m.group(2)
            if not volume_ok or letter not in self.volumes:
                if self.volumes:
                    own = ", ".join(f"{v}:" for v in self.volumes)
                    self._refuse(
                        shown, f"is on drive {letter}:, which is not this computer's ({own})"
                    )
                self._refuse(shown, f"is on drive {letter}:, and this computer has no drives")
            if rest and not rest.startswith("/"):
                self._refuse(shown, f"is relative to drive {letter}: without a '/' after the colon")
            if self.volumes[letter]:
                base = self.volumes[letter].split("/")
        elif s.startswith("/"):
            self._refuse(shown, "is an absolute path of the host")
        else:
            rest = s

        first = next((c for c in rest.split("/") if c not in ("", ".")), "")
        if not base and _HOME.match(first):
            self._refuse(shown, "starts with '~', and home folders are not expanded")
        if _ENV.match(first):
            self._refuse(shown, "starts with an environment variable, which is not expanded")

        parts = list(base)
        floor = len(base)
        for comp in rest.split("/"):
            if comp in ("", "."):
                continue
            if comp == "..":
                if len(parts) <= floor:
                    where = f"drive {m.group(1).upper()}:" if m else "the computer's root folder"
                    self._refuse(shown, f"climbs above {where} with '..'")
                parts.pop()
                continue
            if len(comp.encode("utf-8")) > MAX_NAME_BYTES:
                self._refuse(shown, f"has a name longer than {MAX_NAME_BYTES} bytes")
            parts.append(comp)
        rel = "/".join(parts)
        if len(rel.encode("utf-8")) > MAX_PATH_BYTES:
            self._refuse(shown, f"is longer than {MAX_PATH_BYTES} bytes")
        if not rel and not allow_root:
            self._refuse(shown, "names the computer's root folder where a file name is needed")
        if not internal and is_internal_rel(rel):
            self._refuse(shown, "is inside the computer's internal area, which agents cannot use")
        return rel

    def _refuse_disguised(self, s: str, shown: str) -> None:
        """Refuse `..`, a drive or an absolute path spelled with percent-encoding or look-alikes."""
        variants: list[str] = []
        cur = s
        for _ in range(3):
            if "%" not in cur:
                break
            dec = unquote(cur).replace("\\", "/")
            if dec == cur:
                break
            variants.append(dec)
            cur = dec
        for v in [s, *variants]:
            if not v.isascii():
                n = unicodedata.normalize("NFKC", v).replace("\\", "/")
                if n != v:
                    variants.append(n)
        for v in variants:
            comps = v.split("/")
            if (
                ".." in comps
                or v.startswith("/")
                or _DRIVE.match(v)
                or "\x00" in v
                or _CONTROL.search(v)
            ):
                self._refuse(
                    shown,
                    "hides '..', a drive, an absolute path or a control character in an encoded form",
                )
