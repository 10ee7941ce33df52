"""Verklaring van kennisname: a small register of who confirmed which version of the protocol.

Optional (instellingen.yml, block `kennisname`). A Starlette service behind the intranet's
nginx: it trusts the user only from the header nginx sets, stores one append-only row per
confirmation in SQLite (WAL) and shows HR who has and has not confirmed.
"""
