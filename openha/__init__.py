"""openha: build, train and evaluate Minecraft agents."""

__version__ = "0.1.0"
