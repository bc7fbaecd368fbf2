"""``prdlint server``: the Language Server Protocol over standard input and output, for editors.

Only :mod:`prdlint.server.app` imports pygls and lsprotocol (the ``lsp`` extra); the other modules
here are plain prdlint: positions in the client's encoding, linting open documents with the same
pipeline as ``prdlint check``, and the text edits behind the code actions.
"""
