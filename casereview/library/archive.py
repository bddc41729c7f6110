"""Briefings out of an uploaded .zip, treated as hostile.

Everything is decided from the central directory before a byte is inflated: the number
of members, the total size they declare, each member's compression ratio, its name (no
absolute paths, no `..`, no drive letters or backslashes), no encrypted members, no zip
inside the zip. Inflating then reads at most the declared size plus one byte, so a
member that lies about its size is caught instead of filling memory. Every problem names
the member and what to do, and one problem refuses the whole archive (nothing is stored).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

ARCHIVE_SUFFIXES = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz")
#: Operating-system clutter in zips made on a Mac or Windows: skipped, not refused.
_CLUTTER = ("__MACOSX/", "Thumbs.db", ".DS_Store")


@dataclass(frozen=True)
class ZipLimits:
    members: int
    member_bytes: int
    total_bytes: int
    ratio: int


def _name_problem(name: str) -> str:
    path = PurePosixPath(name)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        return "its path leaves the archive (absolute, '..', a drive or a backslash): refused"
    return ""


def _skipped(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    return info.is_dir() or name.startswith(_CLUTTER[0]) or PurePosixPath(name).name in _CLUTTER[1:] \
        or PurePosixPath(name).name.startswith("._")


def _member_problems(info: zipfile.ZipInfo, suffixes: tuple[str, ...], limits: ZipLimits) -> list[str]:
    name, problems = info.filename, []
    suffix = PurePosixPath(name).suffix.lower()
    if bad := _name_problem(name):
        problems.append(bad)
    if suffix in ARCHIVE_SUFFIXES:
        problems.append("an archive inside the archive: upload its briefings directly")
    elif suffix not in suffixes:
        problems.append(f"not a briefing or report file: use {', '.join(s.lstrip('.').upper() for s in suffixes)}")
    if info.flag_bits & 0x1:
        problems.append("it is encrypted: add it unencrypted")
    if info.file_size > limits.member_bytes:
        problems.append(f"{info.file_size / 1_048_576:.1f} MB unpacked, over the {limits.member_bytes / 1_048_576:.1f} "
                        "MB limit for one file")
    if info.file_size > limits.ratio * max(info.compress_size, 1) and info.file_size > 1_048_576:
        problems.append(f"it unpacks to {info.file_size // max(info.compress_size, 1)} times its packed size "
                        f"(more than {limits.ratio}): refused as a possible zip bomb")
    return [f"{name}: {p}" for p in problems]


def briefings_in_zip(data: bytes, *, archive: str, suffixes: tuple[str, ...],
                     limits: ZipLimits) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The (member path, bytes) of every briefing in the zip, or the problems that refuse it
    (each line starts with the archive's and member's names)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return [], [f"{archive}: not a readable .zip file"]
    with zf:
        members = [info for info in zf.infolist() if not _skipped(info)]
        if not members:
            return [], [f"{archive}: the archive holds no files"]
        if len(members) > limits.members:
            return [], [f"{archive}: {len(members)} files, more than the {limits.members} one upload may hold: "
                        "split it into smaller archives"]
        total = sum(info.file_size for info in members)
        if total > limits.total_bytes:
            return [], [f"{archive}: unpacks to {total / 1_048_576:.1f} MB, over the "
                        f"{limits.total_bytes / 1_048_576:.0f} MB limit: split it into smaller archives"]
        problems = [f"{archive}/{p}" for info in members for p in _member_problems(info, suffixes, limits)]
        if problems:
            return [], problems
        found = []
        for info in members:
            try:
                with zf.open(info) as member:
                    content = member.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                return [], [f"{archive}/{info.filename}: cannot be unpacked ({exc})"]
            if len(content) > info.file_size:
                return [], [f"{archive}/{info.filename}: holds more than the {info.file_size} bytes it declares: "
                            "refused as a possible zip bomb"]
            if content[:4] == b"PK\x03\x04" and PurePosixPath(info.filename).suffix.lower() != ".docx":
                return [], [f"{archive}/{info.filename}: an archive inside the archive: upload its briefings directly"]
            found.append((info.filename, content))
    return found, []
