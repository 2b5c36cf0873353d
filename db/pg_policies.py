"""PostgreSQL roles, grants and row-level security for the program's accounts (migration 0011).

Roles. The roles are cluster-wide, so they are created only when missing. This is race-safe:
two test databases migrating at once must not fail on each other's CREATE ROLE.
- The *owner role* is whoever runs `gridcc db upgrade`, the administrator's connection URL. It
  owns every table and function, so it is not subject to row-level security (no FORCE). It needs
  CREATEROLE, or superuser, to create the roles below and the accounts' login roles.
- `gcc_app` (NOLOGIN) holds the application's privileges: SELECT, INSERT, UPDATE and DELETE on
  the data tables and USAGE on sequences. It never gets TRUNCATE, REFERENCES, TRIGGER or DDL.
  It may only SELECT and INSERT on `audit_log`, so the trail is append-only for everyone but the
  owner. It gets nothing at all on `account_secrets`: the server checks passwords itself, and
  the lock counters are reached only through the SECURITY DEFINER login functions
  (db/pg_functions.py). On `alembic_version` it may only SELECT.
- `gcc_role_<code>` (NOLOGIN), one per application role. Each account's login role is a member
  of its group and of `gcc_app`. The groups carry no privileges of their own. The permission
  table is data that administrators edit, so grants cannot follow it. The groups let a DBA see
  and audit who holds which role (`\\du`).
- `gcc_gate` (created NOLOGIN) may only EXECUTE `gcc_login_failed`. An administrator who wants
  failed logins counted on PostgreSQL gives it a password (app/accounts/pg_login.py).

Roles are cluster-wide but grants belong to one database. A login role of one centre's database
could connect to a second program database on the same cluster, where it has no staff row and
so sees no scoped rows. Use one program database per PostgreSQL cluster. CONNECT on the database
is revoked from PUBLIC and granted to `gcc_app` and `gcc_gate`.

Row-level security. The scoped tables (cases, persons, disputes) and their children have a
policy for each command, all `TO gcc_app`:
- SELECT and DELETE: the scope condition. It is the same as app/accounts/scope.py: by region
  subtree, or by department for cases; children through their parent, whose own policy applies
  inside the subquery.
- UPDATE: you may change what you can see (USING scope). The new row is not checked
  (WITH CHECK true), because the workflow moves rows out of the mover's sight: a department
  returning a case to the centre no longer sees it.
- INSERT: not checked, for the same reason. In one flush an event row may follow the update that
  took its case out of the handler's scope. Reading is what the law protects here, and a row
  written outside your scope is still audited.
The audit log is append-only by privilege (SELECT and INSERT only). Its entries are read by
holders of audit.view; anyone else reads only their own entries and the backup records
(`entity = 'database'`, which app/backups.py shows every desk).
Whole-district accounts skip the child subqueries: `(SELECT gcc_scope_whole()) OR …` is
decided once per statement.

Self-promotion. The scope comes from `staff`, and permissions from `roles` and
`role_permissions`. A trigger refuses changes to an account's login, role, scope or disabled
flag, and any change to the permission table, unless the session holds accounts.manage or is
the owner. So a user with a copied connection cannot widen their own sight.
"""

from __future__ import annotations

BUILTIN_GROUPS = ("grid_worker", "part_time_grid_worker", "grid_leader", "police", "supervisor", "dispatcher",
                  "shift_leader", "handler", "leader", "ledger_clerk", "mediator", "admin", "viewer")

_WHOLE = "(SELECT gcc_scope_whole())"
#: a hashed subplan: one hash probe per row, where `= ANY (array)` would compare with every element
_REGIONS = "(SELECT unnest(gcc_scope_regions()))"
_DEPARTMENT = "(SELECT gcc_scope_department())"

#: table -> its row-level security condition (the scope of app/accounts/scope.py)
PARENTS = {
    "cases": f"{_WHOLE} OR grid_id IN {_REGIONS} OR department_id = {_DEPARTMENT}",
    "persons": f"{_WHOLE} OR grid_id IN {_REGIONS}",
    "disputes": f"{_WHOLE} OR grid_id IN {_REGIONS} OR community_id IN {_REGIONS}",
}
#: child table -> (its key column, the parent table)
CHILDREN = {
    "case_events": ("case_id", "cases"),
    "supervision_cards": ("case_id", "cases"),
    "case_attachments": ("case_id", "cases"),
    "person_categories": ("person_id", "persons"),
    "visits": ("person_id", "persons"),
    "person_changes": ("person_id", "persons"),
    "person_unmapped_labels": ("person_id", "persons"),
    "rental_tenants": ("person_id", "persons"),
    "dispute_events": ("dispute_id", "disputes"),
    "dispute_parties": ("dispute_id", "disputes"),
    "mediation_sessions": ("dispute_id", "disputes"),
    "dispute_investigations": ("dispute_id", "disputes"),
    "mediation_agreements": ("dispute_id", "disputes"),
    "dispute_obligations": ("dispute_id", "disputes"),
    "dispute_visits": ("dispute_id", "disputes"),
    "dispute_transfers": ("dispute_id", "disputes"),
    "dispute_documents": ("dispute_id", "disputes"),
    "dispute_case_links": ("dispute_id", "disputes"),
}
APPEND_ONLY = ("audit_log",)
NO_ACCESS = ("account_secrets",)
READ_ONLY = ("alembic_version",)


def create_role_statement(name: str, *, login: bool = False) -> str:
    """CREATE ROLE when missing, tolerating another session creating it at the same moment."""
    option = "LOGIN" if login else "NOLOGIN"
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
            f'CREATE ROLE "{name}" {option}; END IF; '
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")


def role_statements() -> list[str]:
    """The fixed roles and the built-in roles' groups."""
    names = ["gcc_app", "gcc_gate", *(f"gcc_role_{code}" for code in BUILTIN_GROUPS)]
    return [create_role_statement(name) for name in names]


def check_owner_statement() -> str:
    """Stop the migration with one clear line when the migrating role cannot create roles."""
    return ("DO $$ BEGIN IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN "
            "RAISE EXCEPTION '运行 db upgrade 的所有者角色 % 需要 CREATEROLE 权限（创建账户的数据库角色）', current_user; "
            "END IF; END $$")


def grant_statements(tables: list[str]) -> list[str]:
    """Table and sequence privileges of gcc_app, and who may connect."""
    data = [t for t in tables if t not in APPEND_ONLY + NO_ACCESS + READ_ONLY]
    quoted = ", ".join(f'"{t}"' for t in data)
    return [
        "DO $$ BEGIN EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); "
        "EXECUTE format('GRANT CONNECT ON DATABASE %I TO gcc_app, gcc_gate', current_database()); END $$",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE ON SCHEMA public TO gcc_app, gcc_gate",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {quoted} TO gcc_app",
        *(f'GRANT SELECT, INSERT ON "{t}" TO gcc_app' for t in APPEND_ONLY),
        *(f'REVOKE ALL ON "{t}" FROM gcc_app, PUBLIC' for t in NO_ACCESS),
        *(f'GRANT SELECT ON "{t}" TO gcc_app' for t in READ_ONLY),
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO gcc_app",
    ]


def _policies(table: str, condition: str) -> list[str]:
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'CREATE POLICY gcc_select ON "{table}" FOR SELECT TO gcc_app USING ({condition})',
        f'CREATE POLICY gcc_insert ON "{table}" FOR INSERT TO gcc_app WITH CHECK (true)',
        f'CREATE POLICY gcc_update ON "{table}" FOR UPDATE TO gcc_app USING ({condition}) WITH CHECK (true)',
        f'CREATE POLICY gcc_delete ON "{table}" FOR DELETE TO gcc_app USING ({condition})',
    ]


def child_condition(table: str) -> str:
    column, parent = CHILDREN[table]
    return f'{_WHOLE} OR EXISTS (SELECT 1 FROM "{parent}" p WHERE p.id = "{table}"."{column}")'


#: who reads which audit entries: holders of audit.view all, everyone their own and the backups'
AUDIT_READ = "(SELECT gcc_may('audit.view')) OR actor = (SELECT gcc_login()) OR entity = 'database'"


def audit_statements() -> list[str]:
    """The audit log: anyone may add an entry; reading is for audit.view (and one's own)."""
    return ['ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY',
            f'CREATE POLICY gcc_select ON "audit_log" FOR SELECT TO gcc_app USING ({AUDIT_READ})',
            'CREATE POLICY gcc_insert ON "audit_log" FOR INSERT TO gcc_app WITH CHECK (true)']


def policy_statements() -> list[str]:
    """ENABLE ROW LEVEL SECURITY and the policies of every scoped table and of the audit log."""
    statements: list[str] = audit_statements()
    for table, condition in PARENTS.items():
        statements += _policies(table, condition)
    for table in CHILDREN:
        statements += _policies(table, child_condition(table))
    return statements


GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION gcc_guard_accounts() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF gcc_may('accounts.manage') THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF TG_TABLE_NAME = 'staff' THEN
    IF TG_OP = 'UPDATE' AND NEW.login IS NOT DISTINCT FROM OLD.login AND NEW.role IS NOT DISTINCT FROM OLD.role
       AND NEW.scope_region_id IS NOT DISTINCT FROM OLD.scope_region_id
       AND NEW.scope_department_id IS NOT DISTINCT FROM OLD.scope_department_id
       AND NEW.disabled IS NOT DISTINCT FROM OLD.disabled THEN
      RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gcc_' || NEW.login) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
    MESSAGE = format('修改账户、角色或权限需要“管理账户与角色权限”（accounts.manage）：%s', TG_TABLE_NAME);
END
$$
"""


def guard_statements() -> list[str]:
    """The trigger that keeps accounts, roles and grants for accounts.manage."""
    statements = [GUARD_FUNCTION, "REVOKE ALL ON FUNCTION gcc_guard_accounts() FROM PUBLIC",
                  "GRANT EXECUTE ON FUNCTION gcc_guard_accounts() TO gcc_app"]
    for table in ("staff", "roles", "role_permissions"):
        statements.append(f'CREATE TRIGGER gcc_guard_accounts BEFORE INSERT OR UPDATE OR DELETE ON "{table}" '
                          "FOR EACH ROW EXECUTE FUNCTION gcc_guard_accounts()")
    return statements


def drop_statements() -> list[str]:
    """What the downgrade removes (the cluster-wide roles stay: other databases may use them)."""
    statements = [f'DROP TRIGGER IF EXISTS gcc_guard_accounts ON "{t}"' for t in ("staff", "roles", "role_permissions")]
    statements.append("DROP FUNCTION IF EXISTS gcc_guard_accounts()")
    for table in [*PARENTS, *CHILDREN, "audit_log"]:
        statements += [f'DROP POLICY IF EXISTS {name} ON "{table}"'
                       for name in ("gcc_select", "gcc_insert", "gcc_update", "gcc_delete")]
        statements.append(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    statements.append("DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM gcc_app, gcc_gate', "
                      "current_database()); EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', "
                      "current_database()); END $$")
    statements += ["REVOKE ALL ON ALL TABLES IN SCHEMA public FROM gcc_app",
                   "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM gcc_app",
                   "REVOKE ALL ON SCHEMA public FROM gcc_app, gcc_gate"]
    return statements
