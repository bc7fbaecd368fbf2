"""Configuration: discovery, reading, validation (one place) and the resolved settings."""

from prdlint.config.loader import (
    CONFIG_FILES,
    Config,
    ConfigError,
    default_config,
    find_config,
    load_config,
    load_yaml_with_lines,
)

__all__ = [
    "CONFIG_FILES",
    "Config",
    "ConfigError",
    "default_config",
    "find_config",
    "load_config",
    "load_yaml_with_lines",
]
