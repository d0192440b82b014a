"""The command palette as the map of the app: every binding of the screen, searchable.

`BindingCommands` turns the active screen's bindings (its own, the focused
widget's and the App's) into palette entries, so a key and its palette entry
can never drift apart: a binding that `check_action` hides is hidden here too.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

_SKIP = frozenset({"command_palette", "quit"})


class BindingCommands(Provider):
    def _entries(self) -> list[tuple[str, str, str, object]]:
        """(title, help, key, runner) for each active binding with a description."""
        out = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            b = active.binding
            # ours all have an id; widgets' own navigation keys (cursor up...) stay off the map
            if not (b.id and b.description) or b.action in _SKIP or b.action in seen:
                continue
            if not active.enabled:
                continue
            seen.add(b.action)
            runner = partial(self.app.run_action, b.action, active.node)
            shown_key = self.app.get_key_display(b)
            out.append((b.description, b.tooltip or b.description, shown_key or key, runner))
        return sorted(out, key=lambda e: e[0])

    async def discover(self) -> Hits:
        for title, help_, key, runner in self._entries():
            yield DiscoveryHit(f"{title}  [{key}]", runner, help=help_)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_, key, runner in self._entries():
            score = max(matcher.match(title), matcher.match(help_) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(f"{title}  [{key}]"),
                    runner,  # type: ignore[arg-type]
                    help=help_,
                )
