#!/usr/bin/env python3
"""Finds, in installed Python sources, the callables a pickle can import that reach a sink:
nested deserialisers (pickle/marshal/torch.load/numpy.load(allow_pickle)/yaml/shelve...), code
execution (exec/eval/runpy/profilers), process execution (os.system, subprocess...), where the
callable passes its own arguments on to the sink (a simple taint: parameters and what is assigned
from them). A callable that calls a sink with constants only is not a gadget.

Nothing is imported or run: each module file is parsed with `ast`, calls are resolved through the
module's imports, and reachability is propagated over module-level functions and class methods
(`Class.method`, which protocol 4 pickles can name) until nothing changes. The output, one
`module<TAB>name<TAB>category<TAB>via` line per reachable callable, feeds the catalogue review and
the committed regression list (modelgate-core/src/test/resources/catalogue/sinks.tsv).

  python3 -P scripts/find-sinks.py torch numpy joblib sklearn transformers stdlib > sinks.tsv
Run it with the interpreter whose site-packages hold those packages (a venv from the local
mirror); `stdlib` means the interpreter's own standard library.
"""
import ast, os, sys, sysconfig

SINKS = {
    "nested deserialisation": {
        "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads",
        "_pickle.Unpickler", "cPickle.load", "cPickle.loads", "dill.load", "dill.loads",
        "cloudpickle.load", "cloudpickle.loads", "joblib.load", "torch.load",
        "torch.serialization.load", "marshal.load", "marshal.loads", "shelve.open",
        "yaml.load", "yaml.unsafe_load", "yaml.full_load", "jsonpickle.decode",
        "pandas.read_pickle", "numpy.load", "np.load", "numpy.lib.format.read_array",
        "copyreg._reconstructor_never",
    },
    "code execution": {
        "exec", "eval", "builtins.exec", "builtins.eval",
        "runpy.run_path", "runpy.run_module", "code.interact", "cProfile.run", "cProfile.runctx",
        "profile.run", "profile.runctx", "timeit.timeit", "pdb.run", "trace.Trace.run",
    },
    "process execution": {
        "os.system", "os.popen", "os.execv", "os.execve", "os.execvp", "os.execl", "os.spawnv",
        "os.spawnl", "os.posix_spawn", "os.posix_spawnp", "subprocess.run", "subprocess.call",
        "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
        "subprocess.getoutput", "subprocess.getstatusoutput", "pty.spawn", "os.startfile",
    },
}
SINK_OF = {name: cat for cat, names in SINKS.items() for name in names}
# Reach a sink only with a flag no caller sets from a pickle (inspect.signature(eval_str=True),
# typing's string annotations): not followed, or every caller of inspect.signature would count.
NOT_FOLLOWED = ("inspect.", "typing.", "annotationlib.")


def package_files(name):
    if name == "stdlib":
        root = sysconfig.get_paths()["stdlib"]
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("site-packages", "test", "tests", "idlelib",
                                                    "lib2to3", "__pycache__")]
            for f in files:
                if f.endswith(".py"):
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, root)[:-3].replace(os.sep, ".")
                    yield rel.removesuffix(".__init__"), path
        return
    for site in sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]:
        root = os.path.join(site, name)
        if not os.path.isdir(root):
            continue
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("tests", "test", "testing", "__pycache__")]
            for f in files:
                if f.endswith(".py"):
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, site)[:-3].replace(os.sep, ".")
                    yield rel.removesuffix(".__init__"), path
        return


def names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


class Module(ast.NodeVisitor):
    """Imports, and for each function/method the dotted names it calls."""

    def __init__(self, name, is_package):
        self.name = name
        self.package = name if is_package else name.rpartition(".")[0]
        self.aliases = {}
        self.defs = {}  # qualified -> set of resolved call names
        self.modules = {}  # qualified -> module name
        self.scope = []
        self.kinds = []

    def resolve_from(self, node):
        if node.level:
            base = self.package.split(".")
            base = base[:len(base) - node.level + 1]
            return ".".join(base + ([node.module] if node.module else []))
        return node.module or ""

    def visit_Import(self, node):
        for a in node.names:
            self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else \
                a.name.split(".")[0]

    def visit_ImportFrom(self, node):
        mod = self.resolve_from(node)
        for a in node.names:
            self.aliases[a.asname or a.name] = mod + "." + a.name

    def dotted(self, node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(node.id)
        else:
            return None
        parts.reverse()
        head = parts[0]
        if head in ("self", "cls") and "class" in self.kinds:
            k = len(self.kinds) - 1 - self.kinds[::-1].index("class")
            return self.name + "." + ".".join(self.scope[:k + 1] + parts[1:])
        if head in self.aliases:
            return ".".join([self.aliases[head]] + parts[1:])
        if head in SINK_OF and len(parts) == 1:
            return head
        return self.name + "." + ".".join(parts)

    def visit_FunctionDef(self, node):
        local = "def" in self.kinds  # a function inside a function: not importable
        self.scope.append(node.name)
        self.kinds.append("def")
        qual = self.name + "." + ".".join(self.scope) + (".<locals>" if local else "")
        calls = self.defs.setdefault(qual, set())
        self.modules[qual] = self.name
        # names that carry the caller's data: parameters, and what is assigned from them
        tainted = {a.arg for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs}
        for extra in (node.args.vararg, node.args.kwarg):
            if extra:
                tainted.add(extra.arg)
        tainted -= {"self", "cls"}
        body = [n for n in ast.walk(node) if not isinstance(n, ast.Lambda)]
        for sub in body:
            if isinstance(sub, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and sub.value \
                    and names(sub.value) & tainted:
                for t in (sub.targets if isinstance(sub, ast.Assign) else [sub.target]):
                    tainted |= names(t)
            if isinstance(sub, (ast.For, ast.With)):
                src = sub.iter if isinstance(sub, ast.For) else None
                if src is not None and names(src) & tainted:
                    tainted |= names(sub.target)
        for sub in body:
            if isinstance(sub, ast.Call):
                d = self.dotted(sub.func)
                args = list(sub.args) + [k.value for k in sub.keywords]
                if not d or not any(names(a) & tainted for a in args):
                    continue  # only calls that pass the caller's data on
                if d in ("numpy.load", "np.load") and not any(
                        k.arg == "allow_pickle" and isinstance(k.value, ast.Constant)
                        and k.value.value is True for k in sub.keywords):
                    continue
                calls.add(d)
        for child in node.body:
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.visit(child)
        self.scope.pop()
        self.kinds.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.scope.append(node.name)
        self.kinds.append("class")
        for child in node.body:
            self.visit(child)
        self.scope.pop()
        self.kinds.pop()


def main(packages):
    calls = {}
    module_of = {}
    for pkg in packages:
        for name, path in package_files(pkg):
            try:
                tree = ast.parse(open(path, encoding="utf-8").read(), path)
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            m = Module(name, path.endswith("__init__.py"))
            m.visit(tree)
            calls.update(m.defs)
            module_of.update(m.modules)
    reach = {}
    for f, cs in calls.items():
        for c in cs:
            if c in SINK_OF:
                reach[f] = (SINK_OF[c], c)
                break
    changed = True
    while changed:
        changed = False
        for f, cs in calls.items():
            if f in reach:
                continue
            for c in cs:
                if c in reach and c != f and not c.startswith(NOT_FOLLOWED):
                    reach[f] = (reach[c][0], c)
                    changed = True
                    break
    for f in sorted(reach):
        # names a pickle can import: no private nested functions (a.b.<locals>) or lambdas
        if ".<" in f:
            continue
        mod = module_of[f]
        print(f"{mod}\t{f[len(mod) + 1:]}\t{reach[f][0]}\t{reach[f][1]}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["stdlib"])
