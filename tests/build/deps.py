#!/usr/bin/env python3
"""Dependency check over src/ and include/ (the ctest test build.deps).

Every .c file of src/ is a node. A file depends on another when it calls or names a
function or object defined there (found in the source text: definitions at the start of
a line, uses as identifiers outside comments and strings); a header depends on the
headers it includes. The check fails when
  - two files depend on each other, directly or through others (a cycle between files:
    each module's files must form layers, e.g. account.c -> account_csv.c, never back);
  - the headers include each other in a cycle;
  - a layer reaches up: src/util/ uses only src/util/ and error.c (the context), the
    engine src/vrp/ only src/util/, error.c and src/vrp/; no library file uses the CLI;
  - the CLI (src/cli/) uses a private saha__ name (it is a client of include/saha/).
Usage: deps.py SOURCE_DIR [--graph]   (--graph prints the file graph and exits 0)
"""
import os
import re
import sys

IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
# a definition: a line at column 0 that is not static, with name( ... and then a body
DEF_FUNC = re.compile(r"^(?!static\b|typedef\b|extern\b|return\b)[A-Za-z_][\w \t\*]*?"
                      r"\b([A-Za-z_]\w*)\s*\([^;{]*?\)\s*(?:__attribute__\s*\(\(.*?\)\)\s*)?\{",
                      re.M | re.S)
DEF_OBJ = re.compile(r"^(?!static\b|typedef\b|extern\b)(?:const\s+)?[A-Za-z_][\w \t\*]*?"
                     r"\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*=", re.M)


def strip(text):
    """Source without comments, string and character literals."""
    out = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    out = re.sub(r"//[^\n]*", " ", out)
    out = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', out)
    out = re.sub(r"'(?:\\.|[^'\\\n])*'", "''", out)
    return out


def files_under(root, sub, ext):
    base = os.path.join(root, sub)
    for d, _, names in os.walk(base):
        for n in sorted(names):
            if n.endswith(ext):
                yield os.path.relpath(os.path.join(d, n), root)


def layer(path):
    if path.startswith("src/cli/"):
        return "cli"
    if path.startswith("src/util/"):
        return "util"
    if path.startswith("src/vrp/"):
        return "vrp"
    if path == "src/error.c":
        return "core"
    return "domain"


ALLOWED = {
    "util": {"util", "core"},
    "core": {"util", "core"},
    "vrp": {"util", "core", "vrp"},
    "domain": {"util", "core", "vrp", "domain"},
    "cli": {"cli", "util", "core", "vrp", "domain"},
}


def sccs(graph):
    """Tarjan's strongly connected components (iterative)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def cycle_path(graph, comp):
    """One cycle through the component, as a list of nodes (first == last)."""
    members = set(comp)
    start = comp[0]
    prev, queue = {start: None}, [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v]):
            if w not in members:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return comp + [comp[0]]


def file_graph(root):
    sources = list(files_under(root, "src", ".c"))
    text = {f: strip(open(os.path.join(root, f), encoding="utf-8").read()) for f in sources}
    defined = {}
    for f, t in text.items():
        for m in DEF_FUNC.finditer(t):
            defined.setdefault(m.group(1), f)
        for m in DEF_OBJ.finditer(t):
            if "(" not in m.group(0):
                defined.setdefault(m.group(1), f)
    defined.pop("main", None)
    graph = {f: {} for f in sources}
    for f, t in text.items():
        for name in set(IDENT.findall(t)):
            g = defined.get(name)
            if g and g != f:
                graph[f].setdefault(g, name)
    return graph


def header_graph(root):
    headers = list(files_under(root, "src", ".h")) + list(files_under(root, "include", ".h"))
    graph = {h: set() for h in headers}
    for h in headers:
        t = open(os.path.join(root, h), encoding="utf-8").read()
        for inc in INCLUDE.findall(t):
            for cand in (os.path.join(os.path.dirname(h), inc), os.path.join("src", inc),
                         os.path.join("include", inc)):
                cand = os.path.normpath(cand)
                if cand in graph:
                    graph[h].add(cand)
                    break
    return graph


def check(root):
    problems = []
    fg = file_graph(root)
    plain = {f: set(d) for f, d in fg.items()}
    for comp in sccs(plain):
        path = cycle_path(plain, comp)
        steps = " -> ".join("%s (%s)" % (a, fg[a][b]) for a, b in zip(path, path[1:]))
        problems.append("cycle between %d files: %s -> %s" % (len(comp), steps, path[-1]))
    hg = header_graph(root)
    for comp in sccs(hg):
        problems.append("headers include each other: %s" % " -> ".join(cycle_path(hg, comp)))
    for f, deps in sorted(fg.items()):
        for g, name in sorted(deps.items()):
            if layer(g) not in ALLOWED[layer(f)]:
                problems.append("%s (%s layer) uses %s of %s (%s layer)" %
                                (f, layer(f), name, g, layer(g)))
    for f in sorted(fg):
        if layer(f) == "cli":
            t = strip(open(os.path.join(root, f), encoding="utf-8").read())
            for name in sorted(set(re.findall(r"\bsaha__\w+", t))):
                problems.append("%s (CLI) uses the private name %s" % (f, name))
    return fg, problems


def self_check():
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    comps = sccs(g)
    assert comps == [["a", "b", "c"]], comps
    p = cycle_path(g, comps[0])
    assert p[0] == p[-1] and set(p) == {"a", "b", "c"}, p
    assert sccs({"a": {"b"}, "b": set()}) == []
    t = strip('int saha_x(void)\n{\n    return f("saha_y(");\n}\n')
    assert [m.group(1) for m in DEF_FUNC.finditer(t)] == ["saha_x"], t


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    self_check()
    root = sys.argv[1]
    fg, problems = check(root)
    if "--graph" in sys.argv[2:]:
        for f, deps in sorted(fg.items()):
            print("%s: %s" % (f, " ".join(sorted(deps))))
        return 0
    for p in problems:
        print(p)
    nedges = sum(len(d) for d in fg.values())
    if problems:
        print("deps: %d problem(s) in %d files" % (len(problems), len(fg)))
        return 1
    print("deps: ok (%d files, %d dependencies, no cycle, layers respected)" %
          (len(fg), nedges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
