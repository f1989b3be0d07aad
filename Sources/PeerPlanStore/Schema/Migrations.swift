import GRDB
import PeerPlanCore

/// The schema, one migration per step of the product's history, oldest first. Never edit a
/// shipped migration: add the next one at the end.
enum Migrations {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-roster") { db in
            try db.execute(sql: """
            CREATE TABLE district (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL
            );
            CREATE TABLE school (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                districtId TEXT REFERENCES district(sourcedId) ON DELETE SET NULL,
                name TEXT NOT NULL,
                identifier TEXT NOT NULL DEFAULT '',
                timezone TEXT NOT NULL
            );
            CREATE TABLE term (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                type TEXT NOT NULL,
                startDate TEXT NOT NULL,
                endDate TEXT NOT NULL,
                parentId TEXT,
                schoolYear TEXT NOT NULL DEFAULT ''
            );
            -- Days that are not ordinary instructional days (holiday, break, no-school, early-release, testing).
            CREATE TABLE calendarDay (
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                date TEXT NOT NULL,
                kind TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (schoolId, date)
            ) WITHOUT ROWID;
            -- Bell schedule: per school and day (weekday or rotation day), periods with times in minutes.
            CREATE TABLE bellPeriod (
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                day TEXT NOT NULL,
                period TEXT NOT NULL,
                startMinute INTEGER NOT NULL,
                endMinute INTEGER NOT NULL,
                kind TEXT NOT NULL,
                PRIMARY KEY (schoolId, day, period),
                CHECK (endMinute > startMinute)
            ) WITHOUT ROWID;
            CREATE TABLE teacher (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                givenName TEXT NOT NULL DEFAULT '',
                familyName TEXT NOT NULL DEFAULT '',
                preferredGivenName TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                username TEXT NOT NULL DEFAULT '',
                identifier TEXT NOT NULL DEFAULT '',
                participating INTEGER NOT NULL DEFAULT 1,
                participationNote TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE teacherSchool (
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                isPrimary INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (teacherId, schoolId)
            ) WITHOUT ROWID;
            CREATE INDEX teacherSchool_school ON teacherSchool(schoolId);
            CREATE TABLE course (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                courseCode TEXT NOT NULL DEFAULT '',
                orgId TEXT,
                grades TEXT NOT NULL DEFAULT '',
                subjects TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE class (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                classCode TEXT NOT NULL DEFAULT '',
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                courseId TEXT REFERENCES course(sourcedId) ON DELETE SET NULL,
                -- as written in the file, for display; normalised forms are in the tables below
                grades TEXT NOT NULL DEFAULT '',
                subjects TEXT NOT NULL DEFAULT '',
                periods TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX class_school ON class(schoolId);
            CREATE TABLE classPeriod (
                classId TEXT NOT NULL REFERENCES class(sourcedId) ON DELETE CASCADE,
                period TEXT NOT NULL,
                PRIMARY KEY (classId, period)
            ) WITHOUT ROWID;
            CREATE TABLE classTerm (
                classId TEXT NOT NULL REFERENCES class(sourcedId) ON DELETE CASCADE,
                termId TEXT NOT NULL REFERENCES term(sourcedId) ON DELETE CASCADE,
                PRIMARY KEY (classId, termId)
            ) WITHOUT ROWID;
            CREATE TABLE classGrade (
                classId TEXT NOT NULL REFERENCES class(sourcedId) ON DELETE CASCADE,
                grade TEXT NOT NULL,
                PRIMARY KEY (classId, grade)
            ) WITHOUT ROWID;
            CREATE TABLE classSubject (
                classId TEXT NOT NULL REFERENCES class(sourcedId) ON DELETE CASCADE,
                subject TEXT NOT NULL,
                PRIMARY KEY (classId, subject)
            ) WITHOUT ROWID;
            -- Teacher rows of enrollments.csv only: students are never stored.
            CREATE TABLE teachingEnrollment (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                classId TEXT NOT NULL REFERENCES class(sourcedId) ON DELETE CASCADE,
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                isPrimary INTEGER NOT NULL DEFAULT 1,
                beginDate TEXT NOT NULL DEFAULT '',
                endDate TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX teachingEnrollment_teacher ON teachingEnrollment(teacherId);
            CREATE INDEX teachingEnrollment_class ON teachingEnrollment(classId);
            -- Teaching assignments (teacher × day × period), derived so they can never go stale: a class
            -- listed in period P meets on every day of its school's schedule that has a period named P.
            CREATE VIEW teachingAssignment AS
                SELECT e.teacherId AS teacherId, c.schoolId AS schoolId, b.day AS day, b.period AS period,
                       c.sourcedId AS classId, e.isPrimary AS isPrimary
                FROM teachingEnrollment e
                JOIN class c ON c.sourcedId = e.classId
                JOIN classPeriod cp ON cp.classId = c.sourcedId
                JOIN bellPeriod b ON b.schoolId = c.schoolId AND b.period = cp.period;
            CREATE TABLE duty (
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                day TEXT NOT NULL,
                period TEXT NOT NULL,
                duty TEXT NOT NULL,
                PRIMARY KEY (teacherId, day, period)
            ) WITHOUT ROWID;
            CREATE TABLE rubric (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                scaleMin INTEGER NOT NULL,
                scaleMax INTEGER NOT NULL,
                weakAtMost INTEGER NOT NULL,
                strongAtLeast INTEGER NOT NULL,
                source TEXT NOT NULL DEFAULT '',
                thresholdsSource TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE indicator (
                rubricId TEXT NOT NULL REFERENCES rubric(id) ON DELETE CASCADE,
                id TEXT NOT NULL,
                name TEXT NOT NULL,
                domain TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL,
                PRIMARY KEY (rubricId, id)
            ) WITHOUT ROWID;
            -- Rating history: personnel data, never shown to colleagues or written to calendars.
            CREATE TABLE rating (
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                rubricId TEXT NOT NULL,
                indicatorId TEXT NOT NULL,
                observedOn TEXT NOT NULL,
                score INTEGER NOT NULL,
                evaluator TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (teacherId, rubricId, indicatorId, observedOn),
                FOREIGN KEY (rubricId, indicatorId) REFERENCES indicator(rubricId, id)
            ) WITHOUT ROWID;
            -- The rating that counts: the latest per teacher, rubric and indicator.
            CREATE VIEW latestRating AS
                SELECT r.teacherId, r.rubricId, r.indicatorId, r.observedOn, r.score
                FROM rating r
                WHERE r.observedOn = (SELECT MAX(r2.observedOn) FROM rating r2
                                      WHERE r2.teacherId = r.teacherId AND r2.rubricId = r.rubricId
                                        AND r2.indicatorId = r.indicatorId);
            -- Every import or engine run that changed the store: what went in, with which policy and seed.
            CREATE TABLE run (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                startedAt TEXT NOT NULL,
                inputsFingerprint TEXT NOT NULL,
                inputs TEXT NOT NULL DEFAULT '',
                policy TEXT NOT NULL DEFAULT '',
                seed INTEGER,
                summary TEXT NOT NULL DEFAULT ''
            );
            """)
        }
        migrator.registerMigration("v2-pairing") { db in
            try db.execute(sql: """
            -- A teacher's own limit on how many colleagues they support at once (the policy's default otherwise).
            CREATE TABLE teacherCapacity (
                teacherId TEXT PRIMARY KEY NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                capacity INTEGER NOT NULL CHECK (capacity >= 0)
            );
            -- The principal's decisions about pairs: lock (always pair them) or forbid (never).
            CREATE TABLE pairDecision (
                partnerId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                targetId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                decision TEXT NOT NULL CHECK (decision IN ('lock', 'forbid')),
                decidedAt TEXT NOT NULL,
                PRIMARY KEY (partnerId, targetId)
            ) WITHOUT ROWID;
            -- A proposal is a run: its settings, pairs and the explanation of every unmatched teacher.
            CREATE TABLE pairingProposal (
                runId INTEGER PRIMARY KEY NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                mode TEXT NOT NULL,
                settings TEXT NOT NULL,
                totalWeight INTEGER NOT NULL
            );
            CREATE INDEX pairingProposal_school ON pairingProposal(schoolId, runId);
            CREATE TABLE proposedPair (
                runId INTEGER NOT NULL REFERENCES pairingProposal(runId) ON DELETE CASCADE,
                targetId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                partnerId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                focus TEXT NOT NULL,            -- indicator refs "rubric/indicator", comma-separated, rubric order
                weight INTEGER NOT NULL,
                locked INTEGER NOT NULL,
                virtual INTEGER NOT NULL,
                sharedFreePeriods TEXT NOT NULL,
                PRIMARY KEY (runId, targetId)
            ) WITHOUT ROWID;
            CREATE TABLE unmatchedTarget (
                runId INTEGER NOT NULL REFERENCES pairingProposal(runId) ON DELETE CASCADE,
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                colleagues TEXT NOT NULL,
                PRIMARY KEY (runId, teacherId)
            ) WITHOUT ROWID;
            -- An accepted proposal: the pairs scheduling uses. Earlier cycles are kept, inactive.
            CREATE TABLE pairingCycle (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                runId INTEGER NOT NULL REFERENCES pairingProposal(runId),
                acceptedAt TEXT NOT NULL,
                active INTEGER NOT NULL
            );
            CREATE TABLE cyclePair (
                cycleId INTEGER NOT NULL REFERENCES pairingCycle(id) ON DELETE CASCADE,
                targetId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                partnerId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                focus TEXT NOT NULL,
                weight INTEGER NOT NULL,
                virtual INTEGER NOT NULL,
                dropped INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (cycleId, targetId)
            ) WITHOUT ROWID;
            """)
        }
        migrator.registerMigration("v3-plcs") { db in
            try db.execute(sql: """
            -- Proposed professional learning communities; each proposal is a run.
            CREATE TABLE plc (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                name TEXT NOT NULL,
                basis TEXT NOT NULL,
                commonFreePeriods TEXT NOT NULL
            );
            CREATE INDEX plc_school ON plc(schoolId, runId);
            CREATE TABLE plcMember (
                plcId INTEGER NOT NULL REFERENCES plc(id) ON DELETE CASCADE,
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                PRIMARY KEY (plcId, teacherId)
            ) WITHOUT ROWID;
            """)
        }
        migrator.registerMigration("v4-schedule") { db in
            try db.execute(sql: """
            -- A weekly pattern for a school: each `peerplan schedule` is a run.
            CREATE TABLE scheduleRun (
                runId INTEGER PRIMARY KEY NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                objective INTEGER NOT NULL,
                upperBound INTEGER NOT NULL,
                kept INTEGER NOT NULL,
                moved INTEGER NOT NULL
            );
            CREATE INDEX scheduleRun_school ON scheduleRun(schoolId, runId);
            CREATE TABLE scheduledSession (
                runId INTEGER NOT NULL REFERENCES scheduleRun(runId) ON DELETE CASCADE,
                meetingId TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                session INTEGER NOT NULL,
                day TEXT NOT NULL,
                periods TEXT NOT NULL,
                members TEXT NOT NULL,
                host TEXT,
                PRIMARY KEY (runId, meetingId, session)
            ) WITHOUT ROWID;
            CREATE TABLE unplacedSession (
                runId INTEGER NOT NULL REFERENCES scheduleRun(runId) ON DELETE CASCADE,
                meetingId TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                session INTEGER NOT NULL,
                reason TEXT NOT NULL,
                blockers TEXT NOT NULL,
                remedy TEXT,                    -- JSON: what would make room (cover a class, or after school)
                PRIMARY KEY (runId, meetingId, session)
            ) WITHOUT ROWID;
            -- Week-specific exceptions to a weekly pattern (the calendars turn them into overrides).
            CREATE TABLE weekException (
                runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                scheduleRunId INTEGER NOT NULL REFERENCES scheduleRun(runId) ON DELETE CASCADE,
                weekStart TEXT NOT NULL,
                meetingId TEXT NOT NULL,
                session INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('moved', 'cancelled')),
                fromDate TEXT NOT NULL,
                fromPeriods TEXT NOT NULL,
                toDate TEXT,
                toPeriods TEXT,
                reason TEXT NOT NULL,
                PRIMARY KEY (runId, meetingId, session)
            ) WITHOUT ROWID;
            """)
        }
        migrator.registerMigration("v5-terms-rotation") { db in
            try db.execute(sql: """
            -- A calendar day may name its rotation day (A, B, …) to re-anchor a block school's cycle.
            ALTER TABLE calendarDay ADD COLUMN rotationDay TEXT NOT NULL DEFAULT '';
            -- The term a weekly pattern was placed for (its classes, and the dates calendars span).
            ALTER TABLE scheduleRun ADD COLUMN termId TEXT;
            -- A block school's pattern session occurs on several dates of a week: exceptions are per date.
            CREATE TABLE weekExceptionByDate (
                runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                scheduleRunId INTEGER NOT NULL REFERENCES scheduleRun(runId) ON DELETE CASCADE,
                weekStart TEXT NOT NULL,
                meetingId TEXT NOT NULL,
                session INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('moved', 'cancelled')),
                fromDate TEXT NOT NULL,
                fromPeriods TEXT NOT NULL,
                toDate TEXT,
                toPeriods TEXT,
                reason TEXT NOT NULL,
                PRIMARY KEY (runId, meetingId, session, fromDate)
            ) WITHOUT ROWID;
            INSERT INTO weekExceptionByDate SELECT runId, scheduleRunId, weekStart, meetingId, session, action, fromDate, fromPeriods, toDate, toPeriods, reason FROM weekException;
            DROP TABLE weekException;
            ALTER TABLE weekExceptionByDate RENAME TO weekException;
            CREATE INDEX weekException_schedule ON weekException(scheduleRunId, fromDate);
            """)
        }
        migrator.registerMigration("v6-calendars") { db in
            try db.execute(sql: """
            -- Every event PeerPlan has published, by UID: SEQUENCE rises exactly when the fingerprint of
            -- its time, members or status changes.
            CREATE TABLE publishedEvent (
                uid TEXT PRIMARY KEY NOT NULL,
                schoolId TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                sequence INTEGER NOT NULL DEFAULT 0,
                changedAt TEXT NOT NULL
            ) WITHOUT ROWID;
            -- Secret, revocable tokens for calendar subscription feeds (one per teacher, school or PLC).
            CREATE TABLE feedToken (
                token TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL CHECK (scope IN ('teacher', 'school', 'plc')),
                subject TEXT NOT NULL,
                schoolId TEXT NOT NULL,
                createdAt TEXT NOT NULL,
                revokedAt TEXT
            ) WITHOUT ROWID;
            CREATE INDEX feedToken_subject ON feedToken(scope, subject);
            -- Busy times read from a teacher's own calendar (.ics), as periods of their school's week.
            CREATE TABLE externalBusy (
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                day TEXT NOT NULL,
                period TEXT NOT NULL,
                source TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (teacherId, schoolId, day, period)
            ) WITHOUT ROWID;
            """)
        }
        migrator.registerMigration("v7-class-location") { db in
            try db.execute(sql: "ALTER TABLE class ADD COLUMN location TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v8-microcredentials") { db in
            try db.execute(sql: """
            -- A micro-credential a teacher works toward, over one term, with its checkpoints.
            CREATE TABLE credentialAttachment (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                teacherId TEXT NOT NULL REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                credentialId TEXT NOT NULL,
                termId TEXT NOT NULL,
                startDate TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('in-progress', 'submitted', 'awarded', 'resubmission', 'withdrawn')),
                attachedAt TEXT NOT NULL,
                updatedAt TEXT NOT NULL,
                UNIQUE (teacherId, credentialId, termId)
            );
            CREATE TABLE credentialCheckpoint (
                attachmentId INTEGER NOT NULL REFERENCES credentialAttachment(id) ON DELETE CASCADE,
                sequence INTEGER NOT NULL,
                kind TEXT NOT NULL,
                date TEXT NOT NULL,
                label TEXT NOT NULL,
                cancelled INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (attachmentId, sequence)
            ) WITHOUT ROWID;
            CREATE TABLE credentialEvent (
                attachmentId INTEGER NOT NULL REFERENCES credentialAttachment(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                status TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            );
            """)
        }
        migrator.registerMigration("v9-school-indexes") { db in
            // Publishing a state reads these per school; without them each read scanned every school's rows.
            try db.execute(sql: """
                CREATE INDEX publishedEvent_school ON publishedEvent(schoolId);
                CREATE INDEX pairingCycle_school ON pairingCycle(schoolId, active);
                CREATE INDEX credentialAttachment_school ON credentialAttachment(schoolId, termId);
                """)
        }
        migrator.registerMigration("v10-web-accounts") { db in
            try db.execute(sql: """
            -- People who sign in to the web app. Emails are stored lowercased; the password only as a
            -- bcrypt hash. A teacher account is bound to one roster teacher (and goes with them).
            CREATE TABLE account (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL CHECK (role IN ('district', 'principal', 'teacher')),
                teacherId TEXT UNIQUE REFERENCES teacher(sourcedId) ON DELETE CASCADE,
                passwordHash TEXT NOT NULL,
                createdAt TEXT NOT NULL,
                passwordChangedAt TEXT NOT NULL,
                CHECK ((role = 'teacher') = (teacherId IS NOT NULL))
            );
            -- The schools a principal holds; `position` keeps the order given (the first is their home).
            CREATE TABLE accountSchool (
                accountId INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                PRIMARY KEY (accountId, schoolId)
            ) WITHOUT ROWID;
            -- Signed-in sessions. Only a SHA-256 of the session id is kept, so a copy of this file
            -- opens no session; the CSRF token is the one every form of the session carries.
            CREATE TABLE webSession (
                idHash TEXT PRIMARY KEY NOT NULL,
                accountId INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                csrfToken TEXT NOT NULL,
                createdAt TEXT NOT NULL,
                lastSeenAt TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX webSession_account ON webSession(accountId);
            -- Sign-in attempts per email (known or not), for throttling.
            CREATE TABLE signInAttempt (
                email TEXT NOT NULL COLLATE NOCASE,
                at TEXT NOT NULL,
                succeeded INTEGER NOT NULL
            );
            CREATE INDEX signInAttempt_email ON signInAttempt(email, at);
            -- Who changed what, when, at which school: every change made through the web (and
            -- account changes from the command line). Entries outlive the accounts they name.
            CREATE TABLE auditEntry (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                accountId INTEGER,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                schoolId TEXT,
                details TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX auditEntry_school ON auditEntry(schoolId, id);
            """)
        }
        migrator.registerMigration("v11-feed-token-hashes") { db in
            // A feed token opens a calendar, so a copy of the database must not: only its SHA-256 is
            // kept, with its first characters (40 of its 160 bits) so lists can tell links apart.
            // Existing tokens are hashed in place, so the links already handed out keep working.
            try db.execute(sql: """
            CREATE TABLE feedTokenHashed (
                tokenHash TEXT PRIMARY KEY NOT NULL,
                prefix TEXT NOT NULL,
                scope TEXT NOT NULL CHECK (scope IN ('teacher', 'school', 'plc')),
                subject TEXT NOT NULL,
                schoolId TEXT NOT NULL,
                createdAt TEXT NOT NULL,
                revokedAt TEXT
            ) WITHOUT ROWID;
            """)
            let insert = try db.makeStatement(sql: """
                INSERT INTO feedTokenHashed (tokenHash, prefix, scope, subject, schoolId, createdAt, revokedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let rows = try Row.fetchCursor(db, sql: "SELECT token, scope, subject, schoolId, createdAt, revokedAt FROM feedToken")
            while let row = try rows.next() {
                let token: String = row[0]
                try insert.execute(arguments: [SHA256.hex(token), String(token.prefix(8)), row[1], row[2], row[3], row[4], row[5]])
            }
            try db.execute(sql: """
            DROP TABLE feedToken;
            ALTER TABLE feedTokenHashed RENAME TO feedToken;
            CREATE INDEX feedToken_subject ON feedToken(scope, subject);
            CREATE INDEX feedToken_prefix ON feedToken(prefix);
            """)
        }
        migrator.registerMigration("v12-published-event-shape") { db in
            // What each event looked like when published (time, rule, calendars, summary), so one a
            // new schedule no longer has can be published as cancelled (same UID, higher SEQUENCE).
            try db.execute(sql: "ALTER TABLE publishedEvent ADD COLUMN shape TEXT")
        }
        migrator.registerMigration("v13-real-exports") { db in
            try db.execute(sql: """
            -- What a school row is: a school of orgs.csv, or a department (or other sub-school
            -- org) with no listed school above it, which stands in for one.
            ALTER TABLE school ADD COLUMN orgType TEXT NOT NULL DEFAULT 'school';
            -- Departments and other sub-school orgs, and the school they count as.
            CREATE TABLE subOrg (
                sourcedId TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE
            ) WITHOUT ROWID;
            -- 0 when the class's periods matched neither the bell schedule's period names nor a
            -- period list: its meeting times (and so its teacher's free time there) are unknown.
            ALTER TABLE class ADD COLUMN timesKnown INTEGER NOT NULL DEFAULT 1;
            """)
        }
        migrator.registerMigration("v14-session-log") { db in
            try db.execute(sql: """
            -- Whether a dated session of a school's weekly pattern took place (`peerplan log`, `import log`).
            -- One entry per school, meeting and date; logging again replaces it.
            CREATE TABLE sessionLog (
                schoolId TEXT NOT NULL REFERENCES school(sourcedId) ON DELETE CASCADE,
                meetingId TEXT NOT NULL,
                date TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('held', 'missed')),
                note TEXT NOT NULL DEFAULT '',
                -- What the session was when logged (kind, length, members), so held hours outlive a re-placed week.
                kind TEXT NOT NULL,
                minutes INTEGER NOT NULL,
                members TEXT NOT NULL,
                loggedAt TEXT NOT NULL,
                PRIMARY KEY (schoolId, meetingId, date)
            ) WITHOUT ROWID;
            """)
        }
        migrator.registerMigration("v15-evaluation-key") { db in
            try db.execute(sql: """
            -- The district's secret for pseudonyms in evaluation reports (HMAC-SHA256 of a teacher or
            -- pair id): stable within this store, not recomputable from ids without it.
            CREATE TABLE pseudonymKey (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                secret TEXT NOT NULL
            );
            INSERT INTO pseudonymKey (id, secret) VALUES (1, lower(hex(randomblob(32))));
            """)
        }
        migrator.registerMigration("v16-session-week") { db in
            try db.execute(sql: """
            -- A session every 2 weeks: the week of the cycle it happens in (0: the term's first, 1: the
            -- second); NULL for weekly sessions and for runs recorded before this was chosen.
            ALTER TABLE scheduledSession ADD COLUMN weekOffset INTEGER CHECK (weekOffset IN (0, 1));
            """)
        }
        migrator.registerMigration("v17-ratings-policy") { db in
            try db.execute(sql: """
            -- Decimal scores (averaged observations, e.g. 2.75) need no new column type: rating.score
            -- has INTEGER affinity, which keeps a value that is not a whole number as REAL.
            -- Which rating counts, per rubric (ScoreRule): synchronised from Config/rubrics at each import.
            ALTER TABLE rubric ADD COLUMN scoreRule TEXT NOT NULL DEFAULT 'latest';
            ALTER TABLE rubric ADD COLUMN schoolYearStartMonth INTEGER NOT NULL DEFAULT 7;
            ALTER TABLE rubric ADD COLUMN scoreRuleSource TEXT NOT NULL DEFAULT '';
            -- The teacher's own choice (1 opted in, 0 opted out, NULL none made); `participating` is
            -- what counts under the policy's participation rule (optOut: everyone unless they opted
            -- out; optIn: only those who opted in), recomputed at each import. Before this migration
            -- only an opt-out was told apart from the default.
            ALTER TABLE teacher ADD COLUMN participationChoice INTEGER;
            UPDATE teacher SET participationChoice = 0 WHERE participating = 0;
            """)
        }
        return migrator
    }()
}
