"""Scripted behaviour of the simulation's people, registered with the scripted backend on import.

- `objectives`: the objectives agent (`Objectives`, purpose sim.objectives).
- `collaborators`: collaborator replies (`CollaboratorReply`, purpose sim.collaborator) and
  their private files (`CollaboratorFile`, purpose sim.collaborator_file).

`engine.sim.objectives` and `engine.sim.collaborators` import this package, so the
scripted backend can answer them as soon as either is used.
"""

from engine.sim.scripted import collaborators, objectives
from engine.sim.scripted import worker as worker  # the scripted work agent (work_turn)

__all__ = ["collaborators", "objectives"]
