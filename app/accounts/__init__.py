"""Accounts, roles, permissions and scope: who may log in, do what, and see which records.

- permissions.py names every permission; roles.py the built-in roles and default grants
  (seeded by seed.py into the tables of db/schema/accounts.py, then the administrator's);
- service.py logs in (argon2 passwords, lockout) and administers accounts;
- principal.py is who is acting; guard.require is the one permission check every service calls;
- scope.py says which cases, persons and disputes an account sees.
"""
