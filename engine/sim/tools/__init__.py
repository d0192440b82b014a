"""The work agent's tools: navigate, read, search, write and edit files of every kind, message
collaborators, keep notes, submit deliverables, end the day (and, when allowed, run Python).

    tools = default_tools(allow_code=False)
    specs = tool_specs(tools)                       # offered to the model
    outcome = await execute(env, tools, call.name, call.raw_arguments)

`base` holds the contract (Tool, ToolOutcome, ToolFailure, RunEnv); `registry`
the tool set and `execute`, which turns every model mistake into an observation.
"""

from engine.sim.tools.base import RunEnv, Tool, ToolFailure, ToolOutcome
from engine.sim.tools.registry import default_tools, execute, parse_arguments, tool_specs

__all__ = [
    "RunEnv",
    "Tool",
    "ToolFailure",
    "ToolOutcome",
    "default_tools",
    "execute",
    "parse_arguments",
    "tool_specs",
]
