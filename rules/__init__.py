"""The rule pack: the rule modules (one per criterion or area), their helpers
(`helpers/`), their words (`words/`) and data files (`data/`).

Installed as `usm_lint.rules`. The list of every rule is `usm_lint.registry.RULES`.
"""
