"""Shell, SQL, JavaScript/TypeScript, R and the compiled languages, over the same figures as
the Python scripts: shell passes `bash -n`, SQL runs in SQLite, the rest are short plain
programs whose string literals are ASCII and escaped, so every compiler accepts them.
"""

from __future__ import annotations

import json
from typing import Any

from engine.synth.scripted.brief import Brief
from engine.synth.scripted.code import figures, header_lines, series
from engine.synth.scripted.common import fold, slug


def shell(b: Brief) -> str:
    name = slug(b.project.name if b.project else b.topic, "-", 30)
    comments = [f"#   {k}: {v}" for k, v in figures(b).items()]
    lines = [
        "#!/usr/bin/env bash",
        *header_lines(b, "#"),
        "# Figures this script's output is checked against:",
        *comments,
        "set -euo pipefail",
        "",
        f"NAME={json.dumps(name)}",
        'TARGET="${1:-staging}"',
        'OUT_DIR="${OUT_DIR:-$HOME/backups/$NAME}"',
        'STAMP="$(date +%Y%m%d-%H%M%S)"',
        "",
        "log() { printf '%s %s\\n' \"$(date '+%F %T')\" \"$*\" >&2; }",
        "",
        'case "$TARGET" in',
        "  staging|production) ;;",
        '  *) log "unknown target: $TARGET (use staging or production)"; exit 2 ;;',
        "esac",
        "",
        'mkdir -p "$OUT_DIR"',
        'log "starting $NAME run for $TARGET"',
        'ARCHIVE="$OUT_DIR/$NAME-$TARGET-$STAMP.tar.gz"',
        'tar -czf "$ARCHIVE" -C "$(pwd)" . 2>/dev/null || { log "archive failed"; exit 1; }',
        'find "$OUT_DIR" -name "$NAME-*.tar.gz" -mtime +30 -delete',
        'log "done: $ARCHIVE"',
        "",
    ]
    return "\n".join(lines)


def _sql_str(v: Any) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, int | float) and not isinstance(v, bool):
        return repr(float(v))
    return "'" + str(v).replace("'", "''") + "'"


def sql(b: Brief) -> str:
    table = slug(b.topic, "_", 30) or "items"
    table = table if table[0].isalpha() else f"t_{table}"
    label, value, rows = series(b)
    lines = [
        *header_lines(b, "--"),
        "",
        f"CREATE TABLE IF NOT EXISTS {table} (",
        "    id INTEGER PRIMARY KEY,",
        "    label TEXT NOT NULL,",
        "    amount REAL NOT NULL",
        ");",
        "",
        f"-- {label} and {value} as exported on {b.day.isoformat()}",
        f"INSERT INTO {table} (label, amount) VALUES",
    ]
    lines.append(",\n".join(f"    ({_sql_str(lab)}, {_sql_str(val)})" for lab, val in rows) + ";")
    lines += [
        "",
        "CREATE TABLE IF NOT EXISTS facts (name TEXT PRIMARY KEY, kind TEXT, amount REAL, day TEXT);",
    ]
    if b.entities:
        vals = ",\n".join(
            f"    ({_sql_str(e.name)}, {_sql_str(e.type)}, {_sql_str(e.amount)}, {_sql_str(e.date.isoformat() if e.date else None)})"
            for e in b.entities
        )
        lines += ["INSERT OR REPLACE INTO facts (name, kind, amount, day) VALUES", vals + ";"]
    lines += [
        "",
        "SELECT label, COUNT(*) AS n, ROUND(SUM(amount), 2) AS total",
        f"FROM {table}",
        "GROUP BY label",
        "ORDER BY total DESC;",
        "",
        "SELECT name, amount FROM facts WHERE amount IS NOT NULL ORDER BY amount DESC;",
        "",
    ]
    return "\n".join(lines)


def other(b: Brief, kind: str) -> str:
    """JavaScript, TypeScript, R and the compiled languages: a short program over the figures."""
    _, value, rows = series(b, 20)
    figs = figures(b)
    nums = {k: v for k, v in figs.items() if isinstance(v, float)} or {b.topic: float(len(rows))}
    vals = [v for _, v in rows]
    if kind in ("js", "ts"):
        typ = ": Record<string, number>" if kind == "ts" else ""
        fn = "(values: number[]): number" if kind == "ts" else "(values)"
        return "\n".join(
            [
                *header_lines(b, "//"),
                f"const FIGURES{typ} = {json.dumps(nums, indent=2, ensure_ascii=False)};",
                f"const VALUES = {json.dumps(vals)};",
                "",
                f"function total{fn} {{",
                "  return values.reduce((sum, v) => sum + v, 0);",
                "}",
                "",
                f"console.log({json.dumps(value + ' total:')}, total(VALUES).toFixed(2));",
                "for (const [name, figure] of Object.entries(FIGURES)) {",
                "  console.log(`${name}: ${figure}`);",
                "}",
                "",
                "export { FIGURES, total };"
                if kind == "ts"
                else "module.exports = { FIGURES, total };",
                "",
            ]
        )
    if kind == "r":
        names = ", ".join(json.dumps(k, ensure_ascii=False) for k in nums)
        return "\n".join(
            [
                *header_lines(b, "#"),
                f"figures <- data.frame(item = c({names}), value = c({', '.join(map(repr, nums.values()))}))",
                f"values <- c({', '.join(map(repr, vals))})",
                "summary(values)",
                'cat("Total:", sum(values), "\\n")',
                "print(figures)",
                "",
            ]
        )
    return compiled(b, kind, nums, vals)


def _c_str(text: str) -> str:
    """A double-quoted literal every C-family language accepts: ASCII, escaped."""
    return '"' + fold(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def compiled(b: Brief, kind: str, nums: dict[str, float], vals: list[float]) -> str:
    names = [_c_str(k) for k in nums]
    figs = [repr(float(v)) for v in nums.values()]
    values = ", ".join(repr(float(v)) for v in vals) or "0.0"
    head = header_lines(b, "#" if kind == "rb" else "//")
    n = len(names)
    if kind == "rb":
        pairs = ", ".join(f"{k} => {v}" for k, v in zip(names, figs, strict=True))
        return "\n".join(
            [
                *head,
                f"FIGURES = {{ {pairs} }}.freeze",
                f"VALUES = [{values}].freeze",
                "",
                'puts format("Total: %.2f", VALUES.sum)',
                'FIGURES.each { |name, v| puts "#{name}: #{v}" }',
                "",
            ]
        )
    if kind == "go":
        return "\n".join(
            [
                *head,
                "package main",
                "",
                'import "fmt"',
                "",
                "func main() {",
                f"\tvalues := []float64{{{values}}}",
                f"\tnames := []string{{{', '.join(names)}}}",
                f"\tfigures := []float64{{{', '.join(figs)}}}",
                "\ttotal := 0.0",
                "\tfor _, v := range values {",
                "\t\ttotal += v",
                "\t}",
                '\tfmt.Printf("Total: %.2f\\n", total)',
                "\tfor i, name := range names {",
                '\t\tfmt.Printf("%s: %.2f\\n", name, figures[i])',
                "\t}",
                "}",
                "",
            ]
        )
    if kind == "rs":
        return "\n".join(
            [
                *head,
                "fn main() {",
                f"    let values: [f64; {len(vals) or 1}] = [{values}];",
                f"    let figures: [(&str, f64); {n}] = [{', '.join(f'({k}, {v})' for k, v in zip(names, figs, strict=True))}];",
                "    let total: f64 = values.iter().sum();",
                '    println!("Total: {:.2}", total);',
                "    for (name, value) in figures.iter() {",
                '        println!("{}: {:.2}", name, value);',
                "    }",
                "}",
                "",
            ]
        )
    if kind == "java":
        puts = [f"        figures.put({k}, {v});" for k, v in zip(names, figs, strict=True)]
        return "\n".join(
            [
                *head,
                "import java.util.LinkedHashMap;",
                "import java.util.Map;",
                "",
                "class Summary {",
                "    public static void main(String[] args) {",
                f"        double[] values = {{{values}}};",
                "        double total = 0;",
                "        for (double v : values) total += v;",
                "        Map<String, Double> figures = new LinkedHashMap<>();",
                *puts,
                '        System.out.printf("Total: %.2f%n", total);',
                '        figures.forEach((k, v) -> System.out.println(k + ": " + v));',
                "    }",
                "}",
                "",
            ]
        )
    include = (
        ["#include <iostream>", "#include <vector>"] if kind == "cpp" else ["#include <stdio.h>"]
    )
    out = [*head, *include, "", "int main(void) {" if kind == "c" else "int main() {"]
    if kind == "cpp":
        out += [
            f"    std::vector<double> values = {{{values}}};",
            "    double total = 0;",
            "    for (double v : values) total += v;",
            '    std::cout << "Total: " << total << std::endl;',
        ]
    else:
        out += [
            f"    const double values[] = {{{values}}};",
            "    double total = 0;",
            "    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) total += values[i];",
            '    printf("Total: %.2f\\n", total);',
        ]
    out += [
        f"    const char *names[] = {{{', '.join(names)}}};",
        f"    const double figures[] = {{{', '.join(figs)}}};",
        f"    for (int i = 0; i < {n}; i++) "
        + (
            'std::cout << names[i] << ": " << figures[i] << std::endl;'
            if kind == "cpp"
            else 'printf("%s: %.2f\\n", names[i], figures[i]);'
        ),
        "    return 0;",
        "}",
        "",
    ]
    return "\n".join(out)
