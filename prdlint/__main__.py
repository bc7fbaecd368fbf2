"""The ``prdlint`` command and ``python -m prdlint``: the command line, started without needless collection.

Loading prdlint (click, mistune, the rules, their regexes and data classes) creates a few
hundred thousand objects that live until the process ends. Python's cyclic garbage
collector, left on, would scan them over and over while they are being made: a tenth of
a small run. So it is off while prdlint loads, and what was loaded is then frozen out of
its sight (``gc.freeze``); it runs as usual afterwards (a file's model is freed by
reference counting, see prdlint.runner).
"""

import gc


def main() -> None:
    gc.disable()
    try:
        from prdlint.regex_cache import install

        install()  # before the modules that compile patterns are imported
        from prdlint.cli import main as command_line
    finally:
        gc.freeze()
        gc.enable()
    command_line(prog_name="prdlint")


if __name__ == "__main__":
    main()
