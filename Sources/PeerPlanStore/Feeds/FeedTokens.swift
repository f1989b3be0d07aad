import Foundation
import GRDB
import PeerPlanCore

/// One calendar subscription link as the store keeps it: whoever holds the URL can read that
/// calendar until the link is revoked, but the store keeps only the SHA-256 of the secret token
/// (and its first few characters, to tell links apart), so a copy of the database opens no feed.
/// The secret itself exists only in `IssuedFeedToken.token`, once, when the link is issued.
package struct FeedToken: Sendable, Equatable, Codable {
    /// SHA-256 (hex) of the secret token: what a request's token is compared with.
    package var tokenHash: String
    /// The token's first `FeedTokens.shortLength` characters (40 of its 160 bits), for lists,
    /// logs and revoking by prefix; far too little to open a feed.
    package var prefix: String
    /// Whose calendar the token opens: one teacher's, a whole school's, or one PLC team's. Stored
    /// as its kind (`scope`: teacher, school, plc) and id (`subject`; a PLC team's as a number).
    package var audience: CalendarAudience
    /// The school the calendar belongs to (a teacher's primary school).
    package var schoolId: String
    package var createdAt: Date
    package var revokedAt: Date?

    package var isRevoked: Bool { revokedAt != nil }

    /// The prefix as lists and logs show it (`abcdefgh…`).
    package var shortToken: String { prefix + "…" }
}

/// A link just issued: the only time its secret token exists outside the URL handed out.
package struct IssuedFeedToken: Sendable, Equatable {
    /// The whole secret token, to be shown once (in the link) and never stored.
    package var token: String
    /// What the store keeps of it.
    package var stored: FeedToken

    package var audience: CalendarAudience { stored.audience }
    package var schoolId: String { stored.schoolId }
    package var shortToken: String { stored.shortToken }
}

/// Issues, looks up, lists and revokes feed tokens. One transaction per call.
package struct FeedTokens: Sendable {
    package let store: Store

    package init(store: Store) { self.store = store }

    /// Characters of a token shown in lists and logs (40 of its 160 bits).
    package static let shortLength = 8
    /// Random bytes per token: 160 bits, 32 characters of base32.
    package static let secretBytes = 20

    package static func shorten(_ token: String) -> String {
        token.count > shortLength ? String(token.prefix(shortLength)) + "…" : token
    }

    /// What the store keeps of a token.
    package static func hash(_ token: String) -> String { SHA256.hex(token) }

    /// A new token for `audience` of `school`, as issued (secret) and as kept (hash and prefix).
    static func make(_ audience: CalendarAudience, school: String, now: Date) -> IssuedFeedToken {
        let secret = newSecret()
        return IssuedFeedToken(token: secret, stored: FeedToken(tokenHash: hash(secret), prefix: String(secret.prefix(shortLength)), audience: audience,
                                                                schoolId: school, createdAt: now, revokedAt: nil))
    }

    /// Stores a token just made (never its secret).
    static func insert(_ db: Database, _ token: FeedToken) throws {
        try db.execute(sql: "INSERT INTO feedToken (tokenHash, prefix, scope, subject, schoolId, createdAt, revokedAt) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                       arguments: [token.tokenHash, token.prefix, token.audience.kind.rawValue, token.audience.subject, token.schoolId, timestamp(token.createdAt)])
    }

    static let columns = "tokenHash, prefix, scope, subject, schoolId, createdAt, revokedAt"

    /// The active tokens whose prefix is the first `shortLength` characters of `given` (a whole
    /// token is matched by its hash instead); at most two, enough to tell "one" from "several".
    static func matching(_ db: Database, _ given: String, school: String?) throws -> [FeedToken] {
        var sql = "SELECT \(columns) FROM feedToken WHERE revokedAt IS NULL"
        var arguments: StatementArguments = []
        if isWellFormed(given) {
            sql += " AND tokenHash = ?"
            arguments += [hash(given)]
        } else {
            sql += " AND prefix = ?"
            arguments += [String(given.prefix(shortLength))]
        }
        if let school { sql += " AND schoolId = ?"; arguments += [school] }
        return try Row.fetchAll(db, sql: sql + " LIMIT 2", arguments: arguments).compactMap(decode)
    }

    /// A new secret: 160 bits from the system's cryptographic generator, lowercase RFC 4648
    /// base32 without padding (URL-safe, case-insensitive to read aloud, 32 characters).
    package static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<secretBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base32(bytes)
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    static func base32(_ bytes: [UInt8]) -> String {
        var out = ""
        var buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return out
    }

    /// Whether `text` could be a token at all (length and alphabet), so obvious junk never
    /// reaches the database.
    package static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == (secretBytes * 8 + 4) / 5 && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x32...0x37).contains($0) }
    }

    /// Issues a new token for a teacher, a school or a PLC team that must exist. The secret is
    /// in the answer only: the store keeps its hash.
    package func issue(for audience: CalendarAudience, now: Date = Date()) throws -> IssuedFeedToken {
        let now = Self.wholeSeconds(now)
        return try store.writer.write { db in
            let issued = Self.make(audience, school: try Self.schoolOf(db, audience), now: now)
            try Self.insert(db, issued.stored)
            return issued
        }
    }

    /// The active token `token`, found by its hash; nil when it is unknown or revoked (callers
    /// cannot tell which).
    package func lookup(_ token: String) throws -> FeedToken? {
        guard Self.isWellFormed(token) else { return nil }
        return try store.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM feedToken WHERE tokenHash = ? AND revokedAt IS NULL",
                             arguments: [Self.hash(token)]).flatMap(Self.decode)
        }
    }

    /// `lookup(token)` and the store's generation (`Store.generation()`) read together, in one
    /// read: a feed server keeps rendered feeds while the generation stays the same.
    package func lookupWithGeneration(_ token: String) throws -> (FeedToken?, Store.Generation) {
        try lookupWithGeneration(tokenHash: Self.isWellFormed(token) ? Self.hash(token) : nil)
    }

    /// The same, for a well-formed token already hashed (`hash(_:)`); nil looks nothing up.
    package func lookupWithGeneration(tokenHash: String?) throws -> (FeedToken?, Store.Generation) {
        try store.writer.read { db in
            let found = try tokenHash.flatMap {
                try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM feedToken WHERE tokenHash = ? AND revokedAt IS NULL", arguments: [$0]).flatMap(Self.decode)
            }
            return (found, try store.generation(db))
        }
    }

    /// Revokes one active token, given in full or by its first `shortLength` characters (as
    /// `list` shows them; only those are compared) when only one active token has them.
    @discardableResult
    package func revoke(token: String, now: Date = Date()) throws -> FeedToken {
        let given = (token.hasSuffix("…") ? String(token.dropLast()) : token).lowercased()
        let now = Self.wholeSeconds(now)
        return try store.writer.write { db in
            guard given.count >= Self.shortLength else {
                throw FeedTokenError.tooShort(minimum: Self.shortLength)
            }
            let matches = try Self.matching(db, given, school: nil)
            guard var match = matches.first else {
                throw FeedTokenError.noActiveToken(startingWith: Self.shorten(given))
            }
            guard matches.count == 1 else {
                throw FeedTokenError.ambiguous(startingWith: Self.shorten(given))
            }
            try db.execute(sql: "UPDATE feedToken SET revokedAt = ? WHERE tokenHash = ?", arguments: [Self.timestamp(now), match.tokenHash])
            match.revokedAt = now
            return match
        }
    }

    /// Revokes every active token of one teacher, school or PLC team; returns how many. The
    /// subject need not exist any more (a teacher who left keeps no working feed).
    @discardableResult
    package func revokeAll(for audience: CalendarAudience, now: Date = Date()) throws -> Int {
        try store.writer.write { db in
            try db.execute(sql: "UPDATE feedToken SET revokedAt = ? WHERE scope = ? AND subject = ? AND revokedAt IS NULL",
                           arguments: [Self.timestamp(now), audience.kind.rawValue, audience.subject])
            return db.changesCount
        }
    }

    /// Every token (of one school when given), revoked ones included, oldest first.
    package func list(school: String? = nil, includeRevoked: Bool = true) throws -> [FeedToken] {
        try store.writer.read { db in
            if let school { try PairingStore.requireSchool(db, school) }
            var sql = "SELECT \(Self.columns) FROM feedToken WHERE 1"
            var arguments: StatementArguments = []
            if let school { sql += " AND schoolId = ?"; arguments += [school] }
            if !includeRevoked { sql += " AND revokedAt IS NULL" }
            sql += " ORDER BY createdAt, scope, subject, prefix, tokenHash"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.decode)
        }
    }

    // MARK: - Helpers

    /// The school a feed belongs to; fails clearly when the subject does not exist.
    static func schoolOf(_ db: Database, _ audience: CalendarAudience) throws -> String {
        switch audience {
        case .teacher(let teacher):
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacher WHERE sourcedId = ?", arguments: [teacher]) == true else {
                throw FeedTokenError.unknownTeacher(teacher)
            }
            guard let school = try String.fetchOne(db, sql: "SELECT schoolId FROM teacherSchool WHERE teacherId = ? ORDER BY isPrimary DESC, schoolId LIMIT 1",
                                                   arguments: [teacher]) else {
                throw FeedTokenError.teacherWithoutSchool(teacher)
            }
            return school
        case .school(let school):
            try PairingStore.requireSchool(db, school)
            return school
        case .plc(let id):
            guard let school = try String.fetchOne(db, sql: "SELECT schoolId FROM plc WHERE id = ?", arguments: [id]) else {
                throw FeedTokenError.unknownPLC(id)
            }
            return school
        }
    }

    /// A stored token; nil for a row no token could have been issued as (an unknown scope, a PLC
    /// id that is not a number, an unreadable time), which then opens nothing.
    static func decode(_ row: Row) -> FeedToken? {
        guard let kind = CalendarAudience.Kind(rawValue: row["scope"]), let audience = CalendarAudience(kind: kind, subject: row["subject"]),
              let created = parseTimestamp(row["createdAt"]) else { return nil }
        let revokedText: String? = row["revokedAt"]
        return FeedToken(tokenHash: row["tokenHash"], prefix: row["prefix"], audience: audience, schoolId: row["schoolId"],
                         createdAt: created, revokedAt: revokedText.map { parseTimestamp($0) ?? created })
    }

    /// Stored timestamps have whole seconds; what a call returns matches what a later read gives.
    static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
    static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
    static func parseTimestamp(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
}
