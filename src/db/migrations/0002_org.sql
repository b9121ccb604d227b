-- Organisation and people: the bureau tree, departments, users and their roles, sessions and the
-- security policy. Owned by src/org.
CREATE TABLE bureaus (
  id {{id}},
  parent_id BIGINT REFERENCES bureaus(id),
  code TEXT NOT NULL UNIQUE,
  division_code TEXT NOT NULL,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'unit')),
  kind TEXT NOT NULL DEFAULT '',
  -- '/1/4/17/': the ids from the root down to this bureau; data scope is a prefix match.
  path TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX bureaus_parent ON bureaus(parent_id);
CREATE INDEX bureaus_path ON bureaus(path);

CREATE TABLE departments (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (bureau_id, name)
);

CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  department_id BIGINT REFERENCES departments(id),
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_login_at TEXT,
  password_changed_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX users_bureau ON users(bureau_id);

CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- Tokens are stored as their SHA-256: a copy of this table opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE security_policy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  password_min_length INTEGER NOT NULL,
  lockout_threshold INTEGER NOT NULL,
  lockout_minutes INTEGER NOT NULL,
  idle_timeout_minutes INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by BIGINT NOT NULL
);
-- No row until the security administrator first changes the policy: the defaults are in
-- src/org/policy.cpp, and every row that exists was written with its ledger entry.
