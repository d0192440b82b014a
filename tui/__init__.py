"""synthcomp's Textual app. It drives the engine only through its public surface."""
