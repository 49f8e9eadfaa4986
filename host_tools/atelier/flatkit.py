"""One flat `kit.py` for a runtime without module __getattr__ (the micro:bit V1's 1.9.2).

The kit's own files (firmware/kit) stay the one source of its behaviour; for the V1 they are
joined at bundle time into a single module holding only what the lesson uses, because the V1's
16 KB (8.8 KB free when main.py starts) and its small C stack cannot take a package of
modules that import each other: main -> kit -> kit_compass -> kit -> kit_hw_microbit ...

How: each part's module-level names get a prefix (`_compass_heading`), so the parts live side
by side in one namespace; `kit.compass` is a small object whose attributes are the part's
public names (or the part's `part` object, e.g. the strip); the backend's functions
(`_hw.heading()`) become plain functions of the same module (`_hw_heading()`), and those no
part calls are left out; `if BACKEND == "microbit":` is decided here, so only this board's
branch is compiled; comments and docstrings go.
"""

from __future__ import annotations

import ast
import copy

from atelier.paths import firmware_dir

# kit/__init__.py's names the flat kit keeps: the rest loads parts lazily (not needed here).
_INIT_KEEPS = {"_sleep", "_s", "sleep_ms", "_ticks", "_ns", "running_time", "_wiring"}
# the kit's functions a program calls directly (`from kit import sleep_ms`): always kept
_INIT_API = ("sleep_ms", "running_time")


def _bound(node: ast.stmt) -> set[str]:
    """Names a module-level statement binds (imports, defs, classes, assignments, for, try)."""
    out: set[str] = set()
    for n in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) else [node]:
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            out.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.add(n.id)
        elif isinstance(n, ast.Global):
            out |= set(n.names)
    return out


def _locals(fn: ast.AST) -> set[str]:
    """A function's (or lambda's) own names: parameters and what it binds, less `global`s."""
    a = fn.args
    names = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
    names |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
    glob: set[str] = set()
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    stack = list(body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            names.add(n.name)
            continue  # its own scope
        if isinstance(n, ast.Lambda):
            continue
        if isinstance(n, ast.Global):
            glob |= set(n.names)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names |= {(x.asname or x.name).split(".")[0] for x in n.names}
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            names.add(n.id)
        stack.extend(ast.iter_child_nodes(n))
    return names - glob


def _flat(stmts) -> list:
    out = []
    for s in stmts:
        out += s if isinstance(s, list) else [] if s is None else [s]
    for i, s in enumerate(out):  # what follows a return (a branch folded away) never runs
        if isinstance(s, (ast.Return, ast.Raise)):
            return out[: i + 1]
    return out


class _Rename(ast.NodeTransformer):
    """Module-level names -> prefixed names, scope-aware; `hw.x` -> `_hw_x`; BACKEND folded."""

    def __init__(self, names: dict[str, str], hw: str | None, backend: str, config: dict):
        self.names, self.hw, self.backend, self.config = names, hw, backend, config
        self.shadow: list[set[str]] = [set()]

    def _new(self, name: str) -> str | None:
        if name in self.shadow[-1]:
            return None
        return self.names.get(name)

    def _scope(self, node):
        self.shadow.append(self.shadow[-1] | _locals(node))
        self.generic_visit(node)
        self.shadow.pop()
        return node

    def visit_FunctionDef(self, node):
        new = self._new(node.name)
        if new and len(self.shadow) == 1:
            node.name = new
        for d in node.decorator_list:
            self.visit(d)
        for d in node.args.defaults + [x for x in node.args.kw_defaults if x is not None]:
            self.visit(d)
        node.decorator_list, defaults = node.decorator_list, node.args.defaults
        self.shadow.append(self.shadow[-1] | _locals(node))
        node.body = _flat(self.visit(s) for s in node.body) or [ast.Pass()]
        self.shadow.pop()
        node.args.defaults = defaults
        return node

    def visit_Lambda(self, node):
        return self._scope(node)

    def visit_ClassDef(self, node):
        new = self._new(node.name)
        if new and len(self.shadow) == 1:
            node.name = new
        self.generic_visit(node)
        return node

    def visit_Global(self, node):
        node.names = [self.names.get(n, n) for n in node.names]
        return node

    def visit_Name(self, node):
        if node.id == "BACKEND" and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(self.backend), node)
        new = self._new(node.id)
        if new:
            node.id = new
        return node

    def visit_Attribute(self, node):
        v = node.value
        if isinstance(v, ast.Name) and v.id == "kitconfig" and node.attr == "BACKEND":
            return ast.copy_location(ast.Constant(self.backend), node)
        if self.hw and isinstance(v, ast.Name) and v.id == self.hw:
            if v.id not in self.shadow[-1]:
                return ast.copy_location(ast.Name("_hw_" + node.attr, node.ctx), node)
        self.generic_visit(node)
        return node

    def _fold(self, test):
        test = self.visit(test)
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            left, right = test.left, test.comparators[0]
            if isinstance(left, ast.Constant) and isinstance(right, ast.Constant):
                same = left.value == right.value
                if isinstance(test.ops[0], ast.Eq):
                    return same
                if isinstance(test.ops[0], ast.NotEq):
                    return not same
        return test

    def visit_If(self, node):
        test = self._fold(node.test)
        if test is True or test is False:
            body = node.body if test else node.orelse
            return _flat(self.visit(s) for s in body) or None
        node.test = test
        node.body = _flat(self.visit(s) for s in node.body) or [ast.Pass()]
        node.orelse = _flat(self.visit(s) for s in node.orelse)
        return node

    def visit_IfExp(self, node):
        test = self._fold(node.test)
        if test is True or test is False:
            return self.visit(node.body if test else node.orelse)
        node.test, node.body, node.orelse = test, self.visit(node.body), self.visit(node.orelse)
        return node

    def visit_Try(self, node):
        self.generic_visit(node)
        body = node.body
        if all(isinstance(s, ast.Assign) and _literal(s.value) for s in body):
            return body  # `from kitconfig import X` written out: nothing left to fail
        if (
            len(body) == 1
            and isinstance(body[0], ast.ImportFrom)
            and body[0].module == "time"
            and all(a.name in ("sleep_ms", "ticks_ms") for a in body[0].names)
            and [getattr(h.type, "id", None) for h in node.handlers] == ["ImportError"]
        ):
            return body  # only MicroPython < 1.12 gets a flat kit: its time has both
        return node

    def visit_ImportFrom(self, node):
        if len(self.shadow) > 1:
            return node
        kept, values = [], []
        for a in node.names:
            if node.module == "kitconfig" and a.name == "BACKEND":
                continue  # folded
            if node.module == "kitconfig" and a.name in self.config:
                # kitconfig's value written here: parsing a second module at import time is
                # what the V1 runs out of memory for
                name = self.names.get(a.asname or a.name, a.asname or a.name)
                value = ast.parse(repr(self.config[a.name]), mode="eval").body
                values.append(ast.Assign([ast.Name(name, ast.Store())], value))
                continue
            if node.module == "kit":
                continue  # the part's `from kit import hw as _hw` / `_wiring`: here already
            new = self.names.get(a.asname or a.name)
            kept.append(ast.alias(a.name, new if new and new != a.name else a.asname))
        node.names = kept
        return ([node] if kept else []) + values or None

    def visit_Import(self, node):
        if len(self.shadow) > 1:
            return node
        for a in node.names:
            new = self.names.get(a.asname or a.name)
            if new and new != a.name:
                a.asname = new
        return node


def _literal(node) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def _strip_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    body[:] = body[1:] or [ast.Pass()]


def _module(
    src: str, prefix: str, hw: str | None, backend: str, config: dict, keep=None
) -> list[ast.stmt]:
    tree = ast.parse(src)
    _strip_docstrings(tree)
    body = tree.body
    if keep is not None:
        body = [s for s in body if _bound(s) & keep]
    names: dict[str, str] = {}
    for s in body:
        if isinstance(s, ast.ImportFrom) and s.module == "kit":
            continue  # the kit's own names (`_wiring`): the same in the flat kit
        for n in _bound(s):
            names[n] = n if prefix is None else prefix + n
    if hw:
        names.pop(hw, None)
    names.pop("BACKEND", None)
    r = _Rename(names, hw, backend, config)
    return _flat(r.visit(s) for s in body)


class _GlobalsToPart(ast.NodeTransformer):
    """`globals()[name] = x` in a part: its namespace is its object here, so setattr."""

    def __init__(self, part: str):
        self.part = part

    def visit_Assign(self, node):
        t = node.targets[0]
        if (
            isinstance(t, ast.Subscript)
            and isinstance(t.value, ast.Call)
            and getattr(t.value.func, "id", "") == "globals"
        ):
            part = ast.Name(self.part, ast.Load())
            call = ast.Call(ast.Name("setattr", ast.Load()), [part, t.slice, node.value], [])
            return ast.copy_location(ast.Expr(call), node)
        return node


class _Inline(ast.NodeTransformer):
    """Calls of the backend's one-line functions replaced by their line: on MicroPython every
    function is a scope the compiler builds while the module loads (about 1.4 KB each at peak,
    in the simulator's VM), when the line itself is a few bytes of bytecode."""

    def __init__(self, defs: dict[str, ast.FunctionDef]):
        self.defs = {}
        for name, d in defs.items():
            a = d.args
            if d.decorator_list or a.defaults or a.vararg or a.kwarg or a.kwonlyargs:
                continue
            if len(d.body) != 1 or not isinstance(d.body[0], (ast.Return, ast.Expr)):
                continue
            if d.body[0].value is None:
                continue
            self.defs[name] = d

    def _expand(self, call, as_statement):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            return None
        d = self.defs.get(call.func.id)
        if d is None or call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if isinstance(d.body[0], ast.Expr) and not as_statement:
            return None  # it returns None, its line's call may not
        params = [a.arg for a in d.args.args]
        if len(params) != len(call.args):
            return None
        expr = copy.deepcopy(d.body[0].value)
        uses = [n for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id in params]
        args = dict(zip(params, call.args, strict=True))
        for p in params:
            simple = isinstance(args[p], (ast.Name, ast.Constant))
            if sum(n.id == p for n in uses) > 1 and not simple:
                return None
        expr = _Subst(args).visit(expr)
        return ast.copy_location(expr, call)

    def visit_Expr(self, node):
        self.generic_visit(node)
        new = self._expand(node.value, True)
        if new is not None:
            node.value = new
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        return self._expand(node, False) or node


class _Subst(ast.NodeTransformer):
    def __init__(self, args):
        self.args = args

    def visit_Name(self, node):
        a = self.args.get(node.id)
        return copy.deepcopy(a) if a is not None else node


class _FoldWiring(ast.NodeTransformer):
    """`_wiring("strip")` -> kitconfig's STRIP written out, when kitconfig has it: the flat kit
    then never imports kitconfig, a second module the V1 would compile while the kit is in its
    heap (a part not wired keeps the call, which raises its error as on every board)."""

    def __init__(self, config: dict):
        self.config = config

    def visit_Call(self, node):
        self.generic_visit(node)
        f, args = node.func, node.args
        if isinstance(f, ast.Name) and f.id == "_wiring" and len(args) == 1 and not node.keywords:
            if isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                value = self.config.get(args[0].value.upper())
                if value is not None:
                    new = ast.parse(repr(value), mode="eval").body
                    return ast.copy_location(new, node)
        return node


def _fold_constants(stmts: list[ast.stmt]) -> list[ast.stmt]:
    """A module-level `if _w == "display":` on a name bound once to a constant (a folded
    wiring) keeps only the branch taken; the name goes if nothing else reads it."""
    stores: dict[str, int] = {}
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
                stores[n.id] = stores.get(n.id, 0) + 1
            elif isinstance(n, ast.Global):
                for g in n.names:
                    stores[g] = stores.get(g, 0) + 1
    consts = {}
    for s in stmts:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.value, ast.Constant):
            t = s.targets[0]
            if isinstance(t, ast.Name) and stores.get(t.id) == 1:
                consts[t.id] = s.value.value

    def fold(body):
        out = []
        for s in body:
            t = getattr(s, "test", None)
            if (
                isinstance(s, ast.If)
                and isinstance(t, ast.Compare)
                and len(t.ops) == 1
                and isinstance(t.ops[0], (ast.Eq, ast.NotEq))
                and isinstance(t.left, ast.Name)
                and t.left.id in consts
                and isinstance(t.comparators[0], ast.Constant)
            ):
                same = consts[t.left.id] == t.comparators[0].value
                out += fold(s.body if same == isinstance(t.ops[0], ast.Eq) else s.orelse)
            else:
                out.append(s)
        return out

    stmts = fold(stmts)
    loaded = {n.id for s in stmts for n in ast.walk(s)
              if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}  # fmt: skip
    return [s for s in stmts if not (
        isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.value, ast.Constant)
        and isinstance(s.targets[0], ast.Name) and s.targets[0].id in consts
        and s.targets[0].id not in loaded)]  # fmt: skip


class _RenameAll(ast.NodeTransformer):
    def __init__(self, names: dict[str, str]):
        self.names = names

    def visit_Name(self, node):
        node.id = self.names.get(node.id, node.id)
        return node

    def visit_FunctionDef(self, node):
        node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_ClassDef(self, node):
        node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_Global(self, node):
        node.names = [self.names.get(n, n) for n in node.names]
        return node

    def visit_alias(self, node):
        if node.asname:
            node.asname = self.names.get(node.asname, node.asname)
        return node


def _own_names(stmts: list[ast.stmt], parts: list[str]) -> list[ast.stmt]:
    """The parts' names as in their own modules where the flat kit has room for them: a part's
    private `_read` is `_read` again (not `_light__read`) when no other name of the kit is, and
    a public function only passed to the part's object is defined under its public name
    (`def level` for `light.level`) and dropped from the kit's namespace after. Every name is
    a string the V1 interns in its heap for good; and an error then names `level`, as on the
    other boards."""
    taken: set[str] = set()  # every name the kit's code says, in any scope
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Name):
                taken.add(n.id)
            elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
                taken.add(n.name)
            elif isinstance(n, ast.arg):
                taken.add(n.arg)
            elif isinstance(n, ast.Global):
                taken |= set(n.names)
            elif isinstance(n, ast.alias):
                taken.add((n.asname or n.name).split(".")[0])
    loads: dict[str, int] = {}
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                loads[n.id] = loads.get(n.id, 0) + 1
    top = {s.name: s for s in stmts if isinstance(s, ast.FunctionDef)}
    bound: dict[str, int] = {}
    for s in stmts:
        for n in _bound(s):
            bound[n] = bound.get(n, 0) + 1
    given = set()  # what `part.attr = name` gives a part
    for s in stmts:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.value, ast.Name):
            if isinstance(s.targets[0], ast.Attribute):
                given.add(s.value.id)
    aliases = {}  # `_buttons_a = _hw_button_a`, read once: `buttons.a = _hw_button_a`
    for s in stmts:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.value, ast.Name):
            t, v = s.targets[0], s.value.id
            if (
                isinstance(t, ast.Name)
                and t.id in given
                and loads.get(t.id) == 1
                and bound.get(v) == 1
            ):
                if bound.get(t.id) == 1 and any(t.id.startswith(f"_{p}_") for p in parts):
                    aliases[t.id] = v
    kept = []
    for s in stmts:
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name):
            if s.targets[0].id in aliases:
                continue
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Attribute):
            if isinstance(s.value, ast.Name) and s.value.id in aliases:
                s.value.id = aliases[s.value.id]
        kept.append(s)
    stmts = kept
    names: dict[str, str] = {}
    public: list[str] = []
    for s in stmts:  # `light.level = _light_level`, its only use: `def level`
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1):
            continue
        t, v = s.targets[0], s.value
        if not (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)):
            continue
        part, attr = t.value.id, t.attr
        if part not in parts or not isinstance(v, ast.Name) or v.id != f"_{part}_{attr}":
            continue
        if v.id in top and loads.get(v.id) == 1 and attr not in taken:
            names[v.id] = attr
            if attr not in public:
                public.append(attr)
    for s in stmts:  # a part's private `_x`, bound as `_<part>__x`
        for n in sorted(_bound(s)):
            for part in parts:
                own = n[len(part) + 2 :]
                if n.startswith(f"_{part}__") and own not in taken and own not in public:
                    if own not in names.values():
                        names[n] = own
    if not names:
        return stmts
    out = [_RenameAll(names).visit(s) for s in stmts]
    if public:
        out.append(ast.Delete([ast.Name(n, ast.Del()) for n in public]))
    return out


def _used_names(stmts: list[ast.stmt]) -> set[str]:
    return {n.id for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)}


def _prune(stmts: list[ast.stmt], used: set[str]) -> list[ast.stmt]:
    """The backend's defs and imports nothing uses are left out."""
    out = []
    for s in stmts:
        if isinstance(s, (ast.Import, ast.ImportFrom)):
            s.names = [a for a in s.names if (a.asname or a.name) in used]
            if s.names:
                out.append(s)
        elif isinstance(s, ast.FunctionDef):
            if s.name in used:
                out.append(s)
        elif isinstance(s, ast.Assign) and len(s.targets) == 1:
            t = s.targets[0]
            if not isinstance(t, ast.Name) or t.id in used:
                out.append(s)
        else:
            out.append(s)
    return out


def attributes_used(sources: list[str], parts: list[str]) -> dict[str, set[str] | None]:
    """Per kit part, the names a program takes from it (`compass.heading`, `kit.buzzer.tone`);
    None for a part it passes around or names otherwise (then it may use any)."""
    used: dict[str, set[str] | None] = {p: set() for p in parts}
    for src in sources:
        tree = ast.parse(src)
        names: dict[str, str] = {}  # local name -> part
        kits: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "kit":
                names |= {a.asname or a.name: a.name for a in node.names if a.name in used}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kit."):
                part = node.module.split(".")[1]
                if part in used:
                    used[part] = None
            elif isinstance(node, ast.Import):
                kits |= {a.asname or "kit" for a in node.names if a.name.split(".")[0] == "kit"}
        seen = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            v, part = node.value, None
            if isinstance(v, ast.Name) and v.id in kits:
                seen.add(id(v))  # `kit.compass`, `kit.sleep_ms`: not `kit` passed around
            if isinstance(v, ast.Name) and v.id in names:
                part = names[v.id]
            elif isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name):
                if v.value.id in kits and v.attr in used:
                    part = v.attr
                    seen.add(id(v.value))
            if part is not None:
                seen.add(id(v))
                if used[part] is not None:
                    used[part].add(node.attr)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and id(node) not in seen:
                if node.id in names and isinstance(node.ctx, ast.Load):
                    used[names[node.id]] = None  # passed around: any name
                elif node.id in kits and isinstance(node.ctx, ast.Load):
                    return dict.fromkeys(parts)  # `kit` itself passed around
            elif isinstance(node, ast.Attribute) and id(node) not in seen:
                v = node.value
                if isinstance(v, ast.Name) and v.id in kits and node.attr in used:
                    used[node.attr] = None  # `kit.compass` passed around
    return used


def flat_kit_source(
    parts: list[str],
    backend: str,
    backend_module: str,
    kitconfig: str,
    attrs: dict[str, set[str] | None] | None = None,
) -> str:
    """kit.py for `parts` (in the kit's order) on a board of `backend` whose kitconfig.py has
    the source `kitconfig`: the values the kit imports from it at its top level are written
    into kit.py (what the kit reads later, e.g. a module's wiring, stays in kitconfig.py).
    `attrs` (attributes_used): per part, the names the program takes from it; only those are
    kept (each function is a scope the V1's compiler builds while the kit loads)."""
    config = {}
    for s in ast.parse(kitconfig).body:
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name):
            config[s.targets[0].id] = ast.literal_eval(s.value)
    kit = firmware_dir() / "kit"
    read = lambda name: (kit / f"{name}.py").read_text(encoding="utf-8")  # noqa: E731
    init = _module(read("__init__"), None, None, backend, config, keep=_INIT_KEEPS)
    body: list[ast.stmt] = []
    for part in parts:
        src = read(part)
        tree = ast.parse(src)
        hw = None
        for s in tree.body:
            if isinstance(s, ast.ImportFrom) and s.module == "kit":
                hw = next((a.asname or a.name for a in s.names if a.name == "hw"), hw)
        stmts = _module(src, f"_{part}_", hw, backend, config)
        public = set()
        for s in tree.body:  # what the part's module defines at its top level
            if isinstance(s, (ast.FunctionDef, ast.ClassDef)):
                public.add(s.name)
            elif isinstance(s, ast.Assign):
                public |= {t.id for t in s.targets if isinstance(t, ast.Name)}
        public = sorted(n for n in public if not n.startswith("_"))
        wanted = (attrs or {}).get(part)
        if wanted is not None and "part" not in public:
            public = [n for n in public if n in wanted]
        if "part" not in public:  # else the part is its `part` object (the strip)
            body.append(ast.parse(f"{part} = module()").body[0])
        stmts = [_GlobalsToPart(part).visit(s) for s in stmts]
        body += stmts
        if "part" in public:
            body.append(ast.parse(f"{part} = _{part}_part").body[0])
        else:
            body += ast.parse("".join(f"{part}.{n} = _{part}_{n}\n" for n in public)).body
    body = _fold_constants([_FoldWiring(config).visit(s) for s in body])
    body = _prune(body, _used_names(body))
    hw_stmts = _module(read(backend_module), "_hw_", None, backend, config)
    hw_defs = [s for s in hw_stmts if not isinstance(s, (ast.Import, ast.ImportFrom))]
    inline = _Inline({d.name: d for d in hw_defs if isinstance(d, ast.FunctionDef)})
    body = [inline.visit(s) for s in body]
    init = [s for s in init if not isinstance(s, ast.FunctionDef) or s.name in _used_names(body)
            or s.name in _INIT_API]  # fmt: skip
    hw_defs = _prune(hw_defs, _used_names(body + init))
    hw_imports = [s for s in hw_stmts if isinstance(s, (ast.Import, ast.ImportFrom))]
    hw_stmts = _prune(hw_imports, _used_names(body + init + hw_defs)) + hw_defs
    # the parts' objects are of a class named `module`: an error names them as it would the
    # modules they are on other boards ("'module' object has no attribute 'SAD'")
    head = ast.parse("class module:\n    pass\n").body
    tail = ast.parse("del module\n").body  # not a name of the kit (`from kit import *`)
    body = _own_names(init + hw_stmts + head + body + tail, parts)
    tree = ast.Module(body=body, type_ignores=[])
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
