"""The run's mail: a thread per collaborator, its messages, their attachments.

A `Tree` kept in step with the `RunLog` by appending what is new (threads are
never rebuilt). A thread's messages become nodes when it is first opened, so a
run with thousands of messages costs a node per collaborator until someone
looks, and a new message costs one node (or none, in a closed thread). Choosing a message posts `Inbox.MessageChosen` (the screen
shows it and it counts as read); choosing an attachment posts
`Inbox.AttachmentChosen` (the screen selects that file in the file tree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets._tree import TreeNode

from tui.runlog import InboxMessage, RunLog


@dataclass
class Item:
    who: str
    message: InboxMessage | None = None
    attachment: str | None = None


class Inbox(Tree[Item]):
    """Threads by collaborator; unread messages in bold with a dot."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "mark_all_read",
            "Mark read",
            id="inbox.mark_read",
            tooltip="Mark every message of the run as read",
            show=False,
        ),
    ]

    class MessageChosen(Message):
        def __init__(self, message: InboxMessage) -> None:
            super().__init__()
            self.message = message

    class AttachmentChosen(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, log: RunLog, *, id: str | None = None) -> None:
        super().__init__("Inbox", id=id)
        self.runlog = log
        self.show_root = False
        self.guide_depth = 2
        self._threads: dict[str, TreeNode[Item]] = {}
        self._message_nodes: dict[int, list[TreeNode[Item]]] = {}  # message seq -> its node(s)
        self._synced = 0  # how many of the log's messages are in the tree
        self._opened: set[str] = set()  # threads whose messages are nodes
        self._empty: TreeNode[Item] | None = None

    def on_mount(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Add the messages the log has that the tree does not; relabel only their threads."""
        messages = self.runlog.messages
        if not messages and self._empty is None:
            self._empty = self.root.add_leaf(Text("No messages yet", style="dim"), Item(who=""))
        touched: dict[str, None] = {}
        for m in messages[self._synced :]:
            if self._empty is not None:
                self._empty.remove()
                self._empty = None
            for who in [m.sender] if m.incoming else (m.to or ["(nobody)"]):
                node = self._threads.get(who)
                if node is None:
                    node = self.root.add(who, Item(who=who), expand=False)
                    self._threads[who] = node
                elif who in self._opened:
                    self._add_message(node, who, m)
                touched[who] = None
        self._synced = len(messages)
        for who in touched:
            self._relabel(who)

    def open_thread(self, who: str) -> TreeNode[Item]:
        """The thread's node, its messages added (once) and shown."""
        node = self._threads[who]
        if who not in self._opened:
            self._opened.add(who)
            for m in self.runlog.threads().get(who, []):
                if m.seq <= self._last_synced_seq():
                    self._add_message(node, who, m)
        node.expand()
        return node

    def _last_synced_seq(self) -> int:
        return self.runlog.messages[self._synced - 1].seq if self._synced else 0

    def _add_message(self, node: TreeNode[Item], who: str, m: InboxMessage) -> None:
        child = node.add(self._message_label(m), Item(who=who, message=m))
        self._message_nodes.setdefault(m.seq, []).append(child)
        if m.attachments:
            for a in m.attachments:
                child.add_leaf(Text.assemble(("📎 ", "dim"), a), Item(who, m, a))
        else:
            child.allow_expand = False

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Item]) -> None:
        item = event.node.data
        if item is not None and item.message is None and item.who in self._threads:
            if item.who not in self._opened:
                self.open_thread(item.who)

    def _message_label(self, m: InboxMessage) -> Text:
        arrow = "←" if m.incoming else "→"
        subject = m.subject or (f"(malformed: {m.malformed})" if m.malformed else "(no subject)")
        style = "bold" if m.incoming and not m.read else ""
        if m.malformed:
            style = "red"
        dot = "● " if m.incoming and not m.read else "  "
        return Text.assemble((dot, "bold"), (f"D{m.day} {arrow} ", "dim"), (subject, style))

    def _relabel(self, who: str) -> None:
        """The thread's line: who, how many messages, how many unread."""
        node = self._threads[who]
        count = len(self.runlog.threads().get(who, []))
        unread = self.runlog.unread(who)
        label = Text(who, style="bold" if unread else "")
        label.append(f"  {count}", style="dim")
        if unread:
            label.append(f"  ● {unread} new", style="bold")
        node.set_label(label)

    def mark_read(self, message: InboxMessage) -> None:
        if not message.read:
            message.read = True
            for node in self._message_nodes.get(message.seq, []):
                node.set_label(self._message_label(message))
            for who in [message.sender, *message.to]:
                if who in self._threads:
                    self._relabel(who)

    def action_mark_all_read(self) -> None:
        for m in self.runlog.messages:
            if not m.read:
                m.read = True
                for node in self._message_nodes.get(m.seq, []):
                    node.set_label(self._message_label(m))
        for who in self._threads:
            self._relabel(who)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Item]) -> None:
        event.stop()
        item = event.node.data
        if item is None:
            return
        if item.attachment is not None:
            self.post_message(self.AttachmentChosen(item.attachment))
        elif item.message is not None:
            self.mark_read(item.message)
            self.post_message(self.MessageChosen(item.message))


def message_markdown(m: InboxMessage) -> str:
    """A message as Markdown for the preview pane."""
    lines = [
        f"## {m.subject or '(no subject)'}",
        "",
        f"**From:** {m.sender}  ",
        f"**To:** {', '.join(m.to) or '(nobody)'}  ",
        f"**Day {m.day}, turn {m.turn}**",
        "",
    ]
    if m.malformed:
        lines += [f"> ⚠ This message is malformed: {m.malformed}", ""]
    lines += [m.body or "*(empty body)*", ""]
    if m.attachments:
        lines += ["**Attachments** (choose one in the inbox to open it in the tree):", ""]
        lines += [f"- `{a}`" for a in m.attachments]
    return "\n".join(lines)
