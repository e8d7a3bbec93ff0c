#!/usr/bin/env python3
"""The module graph holds: every module a Swift file imports is declared as a dependency of its target in
Package.swift, and no module that measures masks reaches the learning code or its C kernels.

Run from the repository root: python3 .ci/check-imports.py (exit 1, naming what is wrong).
"""
import glob
import os
import re
import sys

package = open("Package.swift").read()
targets = {}
for match in re.finditer(r'\.(target|executableTarget|testTarget|systemLibrary)\(', package):
    depth, end = 0, match.end() - 1
    for end in range(match.end() - 1, len(package)):
        depth += {"(": 1, ")": -1}.get(package[end], 0)
        if depth == 0:
            break
    block = package[match.end():end]
    kind, name = match.group(1), re.search(r'name:\s*"(\w+)"', block).group(1)
    listed = re.search(r'dependencies:\s*\[(.*?)\]\s*(?:,|$)', block, re.S)
    dependencies = set(re.findall(r'(?<!package: )"(\w+)"', listed.group(1))) if listed else set()
    path = re.search(r'path:\s*"([^"]+)"', block)
    folder = path.group(1) if path else ("Tests/" if kind == "testTarget" else "Sources/") + name
    targets[name] = (folder, dependencies)

known = set(targets) | {"ArgumentParser"}
problems = []
for name, (folder, dependencies) in targets.items():
    for file in glob.glob(folder + "/**/*.swift", recursive=True):
        for module in re.findall(r'^(?:@testable\s+)?import\s+(\w+)', open(file).read(), re.M):
            if module in known and module != name and module not in dependencies:
                problems.append(f"{file}: imports {module}, which target {name} does not declare in Package.swift")
def reach(name, seen=None):
    seen = set() if seen is None else seen
    for dependency in targets.get(name, ("", set()))[1]:
        if dependency not in seen:
            seen.add(dependency)
            reach(dependency, seen)
    return seen

for mask_module in ["MaskImage", "SymmetryFeatures", "AnatomyFeatures", "Realism", "MaskFeatures"]:
    for floor in sorted(reach(mask_module) & {"Learning", "CDenseKernels", "LatentPrefilter", "MaskFilter"}):
        problems.append(f"{mask_module} depends on {floor}: the mask modules sit below learning")
for problem in problems:
    print(problem)
print(f"checked the imports of {len(targets)} targets: {len(problems)} undeclared")
sys.exit(1 if problems else 0)
