"""The app's screens: contents, lesson, help, PyTorch code, too-small notice."""
