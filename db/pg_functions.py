"""The server-side functions PostgreSQL's row-level security and logins rely on (migration 0011).

Who is asking. A program desk connects as the account's own login role `gcc_<login>`, so
`session_user` names the account. The functions read `session_user`, never `current_user`:
inside a SECURITY DEFINER function `current_user` is the owner, and outside one a member of
`gcc_app` could `SET ROLE` to a group role whose name happens to end like some login.
`session_user` is the role that authenticated and only a superuser can change it. The fixed
roles (`gcc_app`, `gcc_gate`, `gcc_role_*`) never stand for an account.

Scope. `gcc_scope_regions()` returns what app/accounts/scope.py's `load_scope` computes:
- NULL for the whole district: an account with neither a region nor a department, or one
  whose region is missing or is the district itself;
- an empty array for a department account (it sees no ledger and no disputes) and for a
  session that is not an enabled account, which therefore sees nothing;
- otherwise the region and every region under it that is not deleted. The walk is a recursive
  CTE; UNION drops repeats, so a cycle in the parent links ends too.
`gcc_scope_department()` is the department of a department account, else NULL, and
`gcc_scope_whole()` says the same as `gcc_scope_regions() IS NULL` without walking the tree.
`gcc_may(code)` says whether the session's account holds a permission; a session that is no
account holds them all only when it is the owner (inside the SECURITY DEFINER function
`current_user` is the owner) or a superuser.

The functions are STABLE SECURITY DEFINER: they read `staff` and `regions` as the owner, so the
answer does not depend on what the caller may read. They do depend on who may change `staff`:
the scope columns are guarded by the trigger in db/pg_policies.py. Policies call them as
`(SELECT f())`, which PostgreSQL evaluates once per statement (an InitPlan), not once per row.
They are written in PL/pgSQL, whose statements are planned once per connection; a SQL-language
function that cannot be inlined (SECURITY DEFINER, SET search_path) is planned at every call,
which measured 0.55–0.73 ms per statement for the three scope functions.

A disabled or deleted account sees nothing even on a connection it opened before it was
disabled. scope.py does not test `disabled` because a disabled account never gets a Principal.

Logins. A wrong password never gets a connection, so nothing can run as that account.
The desk therefore reports the failure through `gcc_gate`, a login role whose only privilege
is EXECUTE on `gcc_login_failed`. That function counts the failure and locks the account the
way AccountService._check does on SQLite, and audits it. The lock settings come from the
`accounts.policy` setting; when it is missing or unreadable, the program's defaults apply,
passed in by the caller (app/accounts/policy.py), so the defaults are written in one place.
After a connection succeeds, `gcc_login_ok` (for `gcc_app`) refuses a locked account,
otherwise clears the counters, audits the login and reports `must_change`.
`gcc_password_changed` records a user's own password change: the user changes the server
password itself with ALTER ROLE, which PostgreSQL allows any role to do to itself.
"""

from __future__ import annotations

_DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"

LOGIN_FUNCTION = """
CREATE OR REPLACE FUNCTION gcc_login() RETURNS text LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
  IF left(session_user::text, 4) = 'gcc_' AND session_user::text NOT IN ('gcc_app', 'gcc_gate')
     AND left(session_user::text, 9) <> 'gcc_role_' THEN
    RETURN substr(session_user::text, 5);
  END IF;
  RETURN NULL;
END
$$
"""

SCOPE_FUNCTIONS = (
    f"""
CREATE OR REPLACE FUNCTION gcc_scope_regions() RETURNS uuid[] LANGUAGE plpgsql STABLE {_DEFINER} AS $$
DECLARE
  me record;
  root record;
  subtree uuid[];
BEGIN
  SELECT s.scope_region_id, s.scope_department_id INTO me FROM staff s
   WHERE s.login = gcc_login() AND s.deleted_at IS NULL AND NOT s.disabled;
  IF NOT FOUND OR me.scope_department_id IS NOT NULL THEN
    RETURN '{{}}'::uuid[];
  END IF;
  IF me.scope_region_id IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT r.id, r.level INTO root FROM regions r WHERE r.id = me.scope_region_id;
  IF NOT FOUND OR root.level = 'district' THEN
    RETURN NULL;
  END IF;
  WITH RECURSIVE tree(id) AS (
      SELECT root.id
      UNION
      SELECT r.id FROM regions r JOIN tree t ON r.parent_id = t.id WHERE r.deleted_at IS NULL)
  SELECT array_agg(tree.id) INTO subtree FROM tree;
  RETURN subtree;
END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION gcc_scope_department() RETURNS uuid LANGUAGE plpgsql STABLE {_DEFINER} AS $$
BEGIN
  RETURN (SELECT s.scope_department_id FROM staff s
           WHERE s.login = gcc_login() AND s.deleted_at IS NULL AND NOT s.disabled);
END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION gcc_scope_whole() RETURNS boolean LANGUAGE plpgsql STABLE {_DEFINER} AS $$
BEGIN
  RETURN COALESCE((SELECT s.scope_department_id IS NULL
                          AND (s.scope_region_id IS NULL OR r.id IS NULL OR r.level = 'district')
                     FROM staff s LEFT JOIN regions r ON r.id = s.scope_region_id
                    WHERE s.login = gcc_login() AND s.deleted_at IS NULL AND NOT s.disabled), false);
END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION gcc_may(p_permission text) RETURNS boolean LANGUAGE plpgsql STABLE {_DEFINER} AS $$
BEGIN
  IF gcc_login() IS NULL THEN
    RETURN session_user = current_user OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user);
  END IF;
  RETURN EXISTS (SELECT 1 FROM staff s JOIN role_permissions p ON p.role_code = s.role
                  WHERE s.login = gcc_login() AND s.deleted_at IS NULL AND NOT s.disabled
                    AND p.permission = p_permission);
END
$$
""",
)

_AUDIT = """INSERT INTO audit_log (id, created_at, at, actor, workstation, action, entity, entity_id, detail)
    VALUES (gen_random_uuid(), now(), now(), left({actor}, 64), left(p_workstation, 64), {action}, 'account',
            {entity_id}, NULL)"""

LOGIN_FUNCTIONS = (
    f"""
CREATE OR REPLACE FUNCTION gcc_login_failed(p_login text, p_workstation text, p_attempts integer,
                                            p_minutes integer) RETURNS text LANGUAGE plpgsql {_DEFINER} AS $$
DECLARE
  who record;
  attempts integer := p_attempts;
  minutes integer := p_minutes;
  stored json;
  outcome text;
BEGIN
  BEGIN
    SELECT value::json INTO stored FROM settings WHERE key = 'accounts.policy' AND deleted_at IS NULL;
    IF (stored ->> 'lock_attempts')::integer BETWEEN 3 AND 20 THEN attempts := (stored ->> 'lock_attempts')::integer; END IF;
    IF (stored ->> 'lock_minutes')::integer BETWEEN 1 AND 1440 THEN minutes := (stored ->> 'lock_minutes')::integer; END IF;
  EXCEPTION WHEN others THEN
    attempts := p_attempts;
    minutes := p_minutes;
  END;
  SELECT s.id, s.disabled, a.failed_attempts, a.locked_until INTO who
    FROM staff s JOIN account_secrets a ON a.staff_id = s.id
   WHERE s.login = lower(btrim(p_login)) AND s.deleted_at IS NULL
   FOR UPDATE OF a;
  IF NOT FOUND THEN
    outcome := 'login_failed';
  ELSIF who.disabled THEN
    outcome := 'login_disabled';
  ELSIF who.locked_until IS NOT NULL AND who.locked_until > now() THEN
    outcome := 'login_locked';
  ELSIF who.failed_attempts + 1 >= attempts THEN
    UPDATE account_secrets SET failed_attempts = 0, locked_until = now() + make_interval(mins => minutes)
     WHERE staff_id = who.id;
    outcome := 'account_locked';
  ELSE
    UPDATE account_secrets SET failed_attempts = failed_attempts + 1 WHERE staff_id = who.id;
    outcome := 'login_failed';
  END IF;
  {_AUDIT.format(actor="lower(btrim(p_login))", action="outcome", entity_id="who.id")};
  RETURN outcome;
END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION gcc_login_ok(p_workstation text, OUT outcome text, OUT must_change boolean,
                                        OUT locked_until timestamptz) LANGUAGE plpgsql {_DEFINER} AS $$
DECLARE
  who record;
BEGIN
  SELECT s.id, s.login, a.must_change, a.locked_until INTO who
    FROM staff s JOIN account_secrets a ON a.staff_id = s.id
   WHERE s.login = gcc_login() AND s.deleted_at IS NULL AND NOT s.disabled
   FOR UPDATE OF a;
  IF NOT FOUND THEN
    outcome := 'no_account';
    RETURN;
  END IF;
  IF who.locked_until IS NOT NULL AND who.locked_until > now() THEN
    outcome := 'login_locked';
    locked_until := who.locked_until;
  ELSE
    UPDATE account_secrets SET failed_attempts = 0, locked_until = NULL WHERE staff_id = who.id;
    outcome := 'login';
  END IF;
  must_change := who.must_change;
  {_AUDIT.format(actor="who.login", action="outcome", entity_id="who.id")};
END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION gcc_password_changed(p_hash text, p_workstation text) RETURNS void
LANGUAGE plpgsql {_DEFINER} AS $$
DECLARE
  who record;
BEGIN
  SELECT s.id, s.login INTO who FROM staff s
   WHERE s.login = gcc_login() AND s.deleted_at IS NULL AND NOT s.disabled;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no account for %', session_user;
  END IF;
  IF left(p_hash, 9) <> '$argon2id' THEN
    RAISE EXCEPTION 'not an argon2id hash';
  END IF;
  UPDATE account_secrets SET password_hash = p_hash, changed_at = now(), must_change = false
   WHERE staff_id = who.id;
  {_AUDIT.format(actor="who.login", action="'password_changed'", entity_id="who.id")};
END
$$
""",
)

#: Who may call what: everything is revoked from PUBLIC first.
FUNCTION_GRANTS = (
    "REVOKE ALL ON FUNCTION gcc_login(), gcc_scope_regions(), gcc_scope_department(), gcc_scope_whole(), "
    "gcc_may(text), gcc_login_failed(text, text, integer, integer), gcc_login_ok(text), "
    "gcc_password_changed(text, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION gcc_login(), gcc_scope_regions(), gcc_scope_department(), gcc_scope_whole(), "
    "gcc_may(text), gcc_login_ok(text), gcc_password_changed(text, text) TO gcc_app",
    "GRANT EXECUTE ON FUNCTION gcc_login_failed(text, text, integer, integer) TO gcc_gate",
)

FUNCTION_NAMES = ("gcc_login_failed(text, text, integer, integer)", "gcc_login_ok(text)",
                  "gcc_password_changed(text, text)", "gcc_may(text)", "gcc_scope_whole()",
                  "gcc_scope_department()", "gcc_scope_regions()", "gcc_login()")


def function_statements() -> list[str]:
    """Every CREATE FUNCTION, in dependency order, then the EXECUTE grants."""
    return [LOGIN_FUNCTION, *SCOPE_FUNCTIONS, *LOGIN_FUNCTIONS, *FUNCTION_GRANTS]
