"""Catalogue of data-science projects per societal challenge (``kind: catalogue``).

In the spirit of VNG Realisatie's Data Science Hub: per entry the challenge, the question it answers,
the datasets it needs (source, owner, personal data, legal basis), the method in plain words, what it
takes, the ethics themes it raises, the maturity level it needs, an instruction in steps and a small
synthetic dummy dataset (``data/catalogue/``, written by :mod:`dshub.catalogue.dummy`).

The ethical data assistant offers the entries as its ready cases and the game's data-case round takes
its questions from them (``content`` has the model, ``dummy`` the generator and the file checks).
"""
