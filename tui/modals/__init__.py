"""Forms: `ModalScreen[T]`s that return their value through `dismiss(value)`."""
