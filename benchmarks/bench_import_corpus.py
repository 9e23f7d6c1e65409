"""The importer scored against the development corpus and the five seed councils.

Goals (issue 15), each printed with "meets" or "MISSES":

- headings F1 >= 0.95, and >= 99.5% of the source's words kept in order;
- routes: >= 80% recovered in full (raiser, subject, handlers in order, substitutions), 0 invented;
- live rules: precision >= 0.9 and recall >= 0.8; with the review's candidates, recall >= 0.95;
- the five seed councils: clause trees identical to the curated files, and >= 90% of their curated
  norms recovered live, leave-one-council-out.

The corpus is ``benchmarks/corpus/`` (its README describes the files and the key).  Norms proposed
by alignment are scored leave-one-council-out: a document is imported with a library of known
clauses that holds every other council and corpus document, never its own, so a text never matches
itself.  Run it with ``uv run python benchmarks/bench_import_corpus.py`` (``-v`` prints what was
missed in each document); ``nox -s bench`` runs it with the other benchmarks.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from councilkit.councilfile import load_councils
from councilkit.importer import ImportInputError, ImportResult, import_text
from councilkit.importer.library import Library
from councilkit.plugins import default_registry

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"
SEEDS = ROOT / "tests" / "seeds"
SEED_COUNCILS = {
    "compton-parish": ("000_fd4cc4c86449ee12.txt", "parish"),
    "town-2016": ("001_512089cfc3757461.txt", "town"),
    "langport-town": ("002_df5aeb8a5e66799e.txt", "town"),
    "principal-council": ("003_903451b8d693407b.txt", "principal"),
    "community-council": ("004_9149e2de212b87a4.txt", "community"),
}
_LABEL = re.compile(r"^(?:\(?[0-9ivxlcIVXLCa-zA-Z]{1,5}[.)]|\d{1,3}(?:\.\d{1,3})*\.?|[•·▪◦●○■□►▸‣⁃∙➢➤✓✔o–—-])$")


def norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split()).strip(" .:;,-–")


def prf(tp: int, predicted: int, wanted: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 1.0
    r = tp / wanted if wanted else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def multiset_tp(got: Iterable[str], want: Iterable[str]) -> int:
    return sum((Counter(map(norm, got)) & Counter(map(norm, want))).values())


# --- one document ------------------------------------------------------------------------------


def words_kept(text: str, result: ImportResult, key: dict[str, Any]) -> tuple[int, int]:
    """(source words found in order in the output, source words): the source without the lines the
    key calls furniture, the labels, and the lines read as the title, the council's name or a record."""
    report = result.report
    skip_lines = {r.line for r in report.records}
    skip_lines |= {d.line for d in report.dropped if "record" in d.reason}  # kept in [protocol]
    title = report.title.split() if report.title_line else []
    furniture = {norm(f) for f in key.get("furniture", [])}
    name = norm(report.name_in_document or "")
    source: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in skip_lines or norm(line) in furniture or (name and norm(line) == name):
            continue
        words = line.split()
        if number == report.title_line and [norm(w) for w in words[: len(title)]] == [norm(w) for w in title]:
            words = words[len(title):]  # the title is kept in [protocol] title
        source += [w for w in words if not _LABEL.match(w)]
    out: list[str] = []
    for clause in result.council.protocol.clauses:
        out += (clause.heading or "").split() + clause.text.split()
    strip = re.compile(r"^(?:\(\w{1,4}\)|\d{1,3}(?:\.\d{1,3})+)")  # "(1)Members", "1.1Community"
    source = [strip.sub("", w) or w for w in source]
    out = [strip.sub("", w) or w for w in out]
    matcher = difflib.SequenceMatcher(None, source, out, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()), len(source)


def route_shape(raised_by: Sequence[str], about: Sequence[str], steps: Sequence[Sequence[str]],
                substitute: dict[str, str]) -> tuple[Any, ...]:
    return (tuple(sorted(raised_by)), tuple(sorted(about)), tuple(tuple(sorted(s)) for s in steps),
            tuple(sorted(substitute.items())))


def imported_routes(result: ImportResult, *, candidates: bool) -> list[tuple[Any, ...]]:
    out = []
    for route in result.council.routes:
        substitute: dict[str, str] = {}
        for step in route.steps:
            substitute.update(step.substitute)
        out.append(route_shape(route.raised_by, route.about, [s.handler for s in route.steps], substitute))
    if candidates:
        for proposal in result.report.proposed:
            if proposal.kind != "route":
                continue
            table = proposal.table
            substitute = {}
            for step in table.get("step", []):
                substitute.update(step.get("substitute", {}))
            out.append(route_shape(table.get("raised_by", []), table.get("about", []),
                                   [step.get("handler", []) for step in table.get("step", [])], substitute))
    return out


def score_routes(got: list[tuple[Any, ...]], want: list[tuple[Any, ...]]) -> tuple[int, int, int]:
    """(full, partial, invented): full = every part equal; partial = the first step's handlers
    overlap; invented = an imported route that matches no route of the key even in part."""
    full = partial = 0
    used: set[int] = set()
    for w in want:
        hit = next((n for n, g in enumerate(got) if n not in used and g == w), None)
        if hit is not None:
            full += 1
            partial += 1
            used.add(hit)
            continue
        hit = next((n for n, g in enumerate(got) if n not in used and g[2] and w[2] and set(g[2][0]) & set(w[2][0])),
                   None)
        if hit is not None:
            partial += 1
            used.add(hit)
    invented = sum(1 for n, g in enumerate(got) if n not in used
                   and not any(g[2] and w[2] and set(g[2][0]) & set(w[2][0]) for w in want))
    return full, partial, invented


def rule_shape(effect: str, actor: str, action: str, target: str | None) -> tuple[str, str, str, str]:
    return effect, actor, action, target or ""


def score_document(name: str, text: str, key: dict[str, Any], library: Library, registry: Any) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        result = import_text(text, council_id=re.sub(r"[^a-z0-9-]", "-", name), name=key["council"],
                             variant=key["variant"], nation=key["nation"], file=f"{name}.txt",
                             registry=registry, library=library.without(name))
    except ImportInputError as exc:
        return {"name": name, "error": str(exc)}
    took = time.perf_counter() - start
    got_headings = [result.report.title] if result.report.title_line else []
    got_headings += [c.heading for c in result.council.protocol.clauses if c.heading]
    want_headings = key.get("headings", [])
    kept, total = words_kept(text, result, key)
    roles = {r.id for r in result.report.roles}
    want_routes = [route_shape(r.get("raised_by", []), r.get("about", []), r["steps"], r.get("substitute", {}))
                   for r in key.get("route", [])]
    live_rules = [rule_shape(r.effect, r.actor, r.action, r.target) for r in result.council.rules]
    cand_rules = [rule_shape(p.table.get("effect", ""), p.table.get("actor", ""), p.table.get("action", ""),
                             p.table.get("target")) for p in result.report.proposed if p.kind == "rule"]
    want_rules = [rule_shape(r["effect"], r["actor"], r["action"], r.get("target")) for r in key.get("rule", [])]
    live_tp = sum((Counter(live_rules) & Counter(want_rules)).values())
    all_tp = sum((Counter(live_rules + cand_rules) & Counter(want_rules)).values())
    return {
        "name": name,
        "variant": key["variant"],
        "seconds": took,
        "headings": (multiset_tp(got_headings, want_headings), len(got_headings), len(want_headings)),
        "missed_headings": sorted((Counter(map(norm, want_headings)) - Counter(map(norm, got_headings))).elements()),
        "extra_headings": sorted((Counter(map(norm, got_headings)) - Counter(map(norm, want_headings))).elements()),
        "words": (kept, total),
        "roles": (len(roles & set(key.get("roles", []))), len(key.get("roles", []))),
        "routes": (*score_routes(imported_routes(result, candidates=False), want_routes), len(want_routes)),
        "routes_with_candidates": score_routes(imported_routes(result, candidates=True), want_routes),
        "routes_got": imported_routes(result, candidates=True),
        "routes_want": want_routes,
        "rules": (live_tp, len(live_rules), len(want_rules), all_tp),
        "wrong_rules": sorted(set(live_rules) - set(want_rules)),
        "missed_rules": sorted(set(want_rules) - set(live_rules)),
    }


# --- the five seeds ----------------------------------------------------------------------------


def score_seeds(library: Library, registry: Any) -> list[dict[str, Any]]:
    curated = {c.id: c for c in load_councils(registry=registry) if c.id in SEED_COUNCILS}
    out = []
    for cid, (seed, variant) in SEED_COUNCILS.items():
        want = curated[cid]
        result = import_text((SEEDS / seed).read_text("utf-8"), council_id=cid, name=want.name, variant=variant,
                             nation=want.nation, file=seed, registry=registry, library=library.without(cid))
        same_tree = [(c.id, c.parent, c.heading, c.text) for c in result.council.protocol.clauses] == \
            [(c.id, c.parent, c.heading, c.text) for c in want.protocol.clauses]
        want_rules = Counter(rule_shape(r.effect, r.actor, r.action, r.target) for r in want.rules)
        got_rules = Counter(rule_shape(r.effect, r.actor, r.action, r.target) for r in result.council.rules)
        want_routes = Counter((r.raised_by, r.about, tuple(s.handler for s in r.steps)) for r in want.routes)
        got_routes = Counter((r.raised_by, r.about, tuple(s.handler for s in r.steps)) for r in result.council.routes)
        recovered = sum((want_rules & got_rules).values()) + sum((want_routes & got_routes).values())
        wrong = sum((got_rules - want_rules).values()) + sum((got_routes - want_routes).values())
        out.append({"name": cid, "same_tree": same_tree, "recovered": recovered,
                    "curated": sum(want_rules.values()) + sum(want_routes.values()), "wrong": wrong,
                    "missed": sorted(map(str, (want_rules - got_rules).elements()))
                    + sorted(map(str, (want_routes - got_routes).elements())),
                    "extra": sorted(map(str, (got_rules - want_rules).elements()))
                    + sorted(map(str, (got_routes - want_routes).elements()))})
    return out


# --- printing ----------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print what was missed in each document")
    parser.add_argument("--only", help="score only the documents whose name contains this")
    # every benchmark takes --quick (nox -s bench -- --quick); scoring the corpus is quick already
    parser.add_argument("--quick", action="store_true", help="accepted for nox -s bench -- --quick; changes nothing")
    args = parser.parse_args(argv)
    registry = default_registry()
    keys = {p.name.removesuffix(".key.toml"): tomllib.loads(p.read_text("utf-8"))
            for p in sorted(CORPUS.glob("*.key.toml"))}
    library = Library.bundled(registry).with_corpus(CORPUS, registry)
    rows = []
    for name, key in keys.items():
        if args.only and args.only not in name:
            continue
        rows.append(score_document(name, (CORPUS / f"{name}.txt").read_text("utf-8"), key, library, registry))

    print(f"importer against the development corpus: {len(rows)} documents (benchmarks/corpus), "
          "norms by alignment scored leave-one-council-out")
    print(f"{'document':38} {'head P':>6} {'R':>5} {'F1':>5} {'words':>6} {'roles':>6} {'routes':>9} "
          f"{'part':>5} {'inv':>3} {'rules P':>7} {'R':>5} {'+cand':>5}  s")
    sums = Counter()
    for row in rows:
        if "error" in row:
            print(f"{row['name']:38} refused: {row['error']}")
            sums["errors"] += 1
            continue
        tp, got, want = row["headings"]
        p, r, f = prf(tp, got, want)
        kept, total = row["words"]
        rtp, rwant = row["roles"]
        full, partial, invented, routes = row["routes"]
        ltp, lgot, lwant, atp = row["rules"]
        rp, rr, _ = prf(ltp, lgot, lwant)
        print(f"{row['name']:38} {p:6.2f} {r:5.2f} {f:5.2f} {kept / max(total, 1):6.1%} {rtp:>3}/{rwant:<2} "
              f"{full:>4}/{routes:<4} {partial:>5} {invented:>3} {rp:7.2f} {rr:5.2f} "
              f"{(atp / lwant if lwant else 1.0):5.2f}  {row['seconds']:.2f}")
        if args.verbose:
            if row["routes_got"] != row["routes_want"]:
                print(f"    routes: got {row['routes_got']}\n            want {row['routes_want']}")
            for what in ("missed_headings", "extra_headings", "wrong_rules", "missed_rules"):
                if row[what]:
                    print(f"    {what.replace('_', ' ')}: {row[what]}")
        for k, v in (("h_tp", tp), ("h_got", got), ("h_want", want), ("w_kept", kept), ("w_total", total),
                     ("r_tp", rtp), ("r_want", rwant), ("rt_full", full), ("rt_part", partial), ("rt_inv", invented),
                     ("rt_want", routes), ("ru_tp", ltp), ("ru_got", lgot), ("ru_want", lwant), ("ru_all", atp),
                     ("rtc_full", row["routes_with_candidates"][0]), ("rtc_inv", row["routes_with_candidates"][2])):
            sums[k] += v
    hp, hr, hf = prf(sums["h_tp"], sums["h_got"], sums["h_want"])
    kept = sums["w_kept"] / max(sums["w_total"], 1)
    route_full = sums["rt_full"] / max(sums["rt_want"], 1)
    rp, rr, _ = prf(sums["ru_tp"], sums["ru_got"], sums["ru_want"])
    rall = sums["ru_all"] / max(sums["ru_want"], 1)
    print("overall")
    print(f"  headings       precision {hp:.3f}  recall {hr:.3f}  F1 {hf:.3f}   (goal F1 >= 0.95: {verdict(hf >= 0.95)})")
    print(f"  words kept     {kept:.2%} in order   (goal >= 99.5%: {verdict(kept >= 0.995)})")
    print(f"  roles          recall {sums['r_tp'] / max(sums['r_want'], 1):.3f} ({sums['r_tp']}/{sums['r_want']})")
    print(f"  routes         full {sums['rt_full']}/{sums['rt_want']} ({route_full:.0%}), partial "
          f"{sums['rt_part']}/{sums['rt_want']}, invented {sums['rt_inv']}   (goal >= 80% full and 0 invented: "
          f"{verdict(route_full >= 0.8 and sums['rt_inv'] == 0)})")
    print(f"                 with the review's candidates: full {sums['rtc_full']}/{sums['rt_want']}, "
          f"invented {sums['rtc_inv']}")
    print(f"  live rules     precision {rp:.3f} ({sums['ru_tp']}/{sums['ru_got']})  recall {rr:.3f} "
          f"({sums['ru_tp']}/{sums['ru_want']})   (goal P >= 0.9 and R >= 0.8: {verdict(rp >= 0.9 and rr >= 0.8)})")
    print(f"                 with the review's candidates: recall {rall:.3f}   (goal >= 0.95: {verdict(rall >= 0.95)})")
    if sums["errors"]:
        print(f"  refused        {sums['errors']} documents")

    seeds = score_seeds(library, registry)
    print("the five seed councils, re-imported from their texts (norms leave-one-council-out)")
    recovered = curated = wrong = 0
    for row in seeds:
        print(f"  {row['name']:20} clause tree {'identical' if row['same_tree'] else 'DIFFERS'}  "
              f"curated norms live {row['recovered']}/{row['curated']}  live norms not curated {row['wrong']}")
        if args.verbose:
            for what in ("missed", "extra"):
                for item in row[what]:
                    print(f"    {what}: {item}")
        recovered, curated, wrong = recovered + row["recovered"], curated + row["curated"], wrong + row["wrong"]
    share = recovered / max(curated, 1)
    print(f"  together: {recovered}/{curated} curated norms live ({share:.0%}), {wrong} live norms not in the "
          f"curated files   (goal >= 90%: {verdict(share >= 0.9)}; trees identical: "
          f"{verdict(all(r['same_tree'] for r in seeds))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
