"""What rule modules share and other parts read: how a name or text is read
(`reading`), how two activities compare (`similarity`), where the model and
the executing process are (`structure`), the workflow templates
(`templates`) and the framework catalogues (`catalogues`). No rule lives here.
"""
