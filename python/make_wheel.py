#!/usr/bin/env python3
"""Writes the ganfilter wheel from python/ and a release binary, with nothing but the standard library.

    python3 python/make_wheel.py --binary .build/release/ganfilter --out dist

The metadata comes from python/pyproject.toml; its version must be the binary's (`ganfilter --version`), so
the version has one home, the Swift package. The platform tag is this machine's (`linux_x86_64`, ...): the
binary carries the Swift runtime, libpng and zlib, and needs only the C library of a Linux of the same
architecture. `bash python/build-wheel.sh` builds the binary and runs this.
"""
import argparse
import base64
import hashlib
import io
import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
#: A fixed time for every member, so that the same inputs give the same wheel bytes.
EPOCH = (2026, 1, 1, 0, 0, 0)


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def metadata(project, readme):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project['description']}", f"License: {project['license']['text']}",
             f"Requires-Python: {project['requires-python']}"]
    lines += [f"Requires-Dist: {dependency}" for dependency in project.get("dependencies", [])]
    for extra, dependencies in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {dependency}; extra == "{extra}"' for dependency in dependencies]
    lines.append("Description-Content-Type: text/markdown")
    return ("\n".join(lines) + "\n\n" + readme).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the release ganfilter binary")
    parser.add_argument("--out", default="dist", help="folder to write the wheel into")
    options = parser.parse_args()

    with open(os.path.join(HERE, "pyproject.toml"), "rb") as handle:
        project = tomllib.load(handle)["project"]
    name, version = project["name"], project["version"]
    reported = subprocess.run([options.binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if reported != version:
        sys.exit(f"make_wheel: python/pyproject.toml says version {version}, the binary {reported}; make them agree")
    tag = "py3-none-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")
    info = f"{name}-{version}.dist-info"
    with open(os.path.join(HERE, "README.md")) as handle:
        readme = handle.read()

    members = []
    package = os.path.join(HERE, "ganfilter")
    for file in sorted(os.listdir(package)):
        if file.endswith(".py"):
            with open(os.path.join(package, file), "rb") as handle:
                members.append((f"ganfilter/{file}", handle.read(), 0o644))
    with open(options.binary, "rb") as handle:
        members.append(("ganfilter/bin/ganfilter", handle.read(), 0o755))
    scripts = "".join(f"{script} = {target}\n" for script, target in project.get("scripts", {}).items())
    members += [
        (f"{info}/METADATA", metadata(project, readme), 0o644),
        (f"{info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: ganfilter make_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(), 0o644),
        (f"{info}/entry_points.txt", f"[console_scripts]\n{scripts}".encode(), 0o644),
        (f"{info}/top_level.txt", b"ganfilter\n", 0o644),
    ]
    record = "\n".join(record_line(member, data) for member, data, _ in members) + f"\n{info}/RECORD,,\n"
    members.append((f"{info}/RECORD", record.encode(), 0o644))

    os.makedirs(options.out, exist_ok=True)
    path = os.path.join(options.out, f"{name}-{version}-{tag}.whl")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for member, data, mode in members:
            entry = zipfile.ZipInfo(member, date_time=EPOCH)
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    temporary = path + ".partial"
    with open(temporary, "wb") as handle:
        handle.write(buffer.getvalue())
    os.replace(temporary, path)
    print(path)


if __name__ == "__main__":
    main()
