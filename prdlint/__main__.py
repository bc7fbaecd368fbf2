"""``python -m prdlint`` runs the command line."""

from prdlint.cli import main

if __name__ == "__main__":
    main(prog_name="prdlint")
